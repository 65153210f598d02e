/**
 * The numbers Signpost gives when someone is at risk: one place for each, with the organisation's page it was checked
 * against and when (docs/clinical-safety/helplines.sources.json holds the quotes). A number that could not be
 * confirmed on the organisation's own page is marked so, and the hazard log says what a clinical safety officer must
 * check before release (docs/clinical-safety/hazard-log.md, H3).
 */
export interface Helpline {
  number: string;
  source: string;
  checked: string;
  /** Set when the organisation's own page could not be found: where the number was confirmed instead. */
  confirmedElsewhere?: string;
}

export const HELPLINES = {
  /** 999; A&E for a heart attack, stroke or "suicide attempt by taking something". */
  emergency: { number: '999', source: 'http://www.nhs.uk/NHSEngland/AboutNHSservices/Emergencyandurgentcareservices/Pages/AE.aspx', checked: '2026-12-06' },
  /** Silent Solution: on a mobile, stay on the line and press 55 when asked. */
  silentSolution: { number: '55', source: 'https://www.avonandsomerset.police.uk/news/2019/04/iopc-launches-make-yourself-heard-campaign-to-raise-awareness-of-silent-999-system/', checked: '2026-12-06' },
  /** NHS 111, the mental health option (24/7; "option 2" wording replaced: say "the mental health option"). */
  nhs111: { number: '111', source: 'https://www.cntw.nhs.uk/need-help-now', checked: '2026-12-06' },
  samaritans: { number: '116 123', source: 'https://www.samaritans.org/how-we-can-help/contact-samaritan/', checked: '2026-12-06' },
  shout: { number: '85258', source: 'https://giveusashout.org/about-us/faq/', checked: '2026-12-06' },
  /** England: National Domestic Abuse Helpline (Refuge), free, 24/7. */
  domesticAbuseEngland: { number: '0808 2000 247', source: 'https://refuge.org.uk/news/refuge-responds-to-reports-of-potential-increase-in-domestic-abuse-during-covid-19', checked: '2026-12-06' },
  /** Scotland's Domestic Abuse and Forced Marriage Helpline, free, 24/7. */
  domesticAbuseScotland: {
    number: '0800 027 1234',
    source: 'https://scotland.police.uk/advice-and-information/domestic-abuse/what-can-i-do-if-this-is-happening-to-me',
    checked: '2026-12-06',
    confirmedElsewhere: "Police Scotland's page (sdafmh.org.uk, the helpline's own site, was not in the stored copies); also safer.scot",
  },
  /** Wales: Live Fear Free, free, 24/7. */
  domesticAbuseWales: { number: '0808 80 10 800', source: 'https://www.gov.wales/live-fear-free/sexual-violence', checked: '2026-12-06' },
  /** Northern Ireland: Domestic and Sexual Abuse Helpline, 24/7. */
  domesticAbuseNorthernIreland: { number: '0808 802 1414', source: 'https://dsahelpline.org/2023/12/22/domestic-and-sexual-abuse-helpline-could-receive-50-calls-per-day-over-christmas-week/', checked: '2026-12-06' },
  /** NSPCC helpline for adults worried about a child (not 24/7 by phone on its own page: no hours are given). */
  nspcc: { number: '0808 800 5000', source: 'https://www.nspcc.org.uk/about-us/news-opinion/2020/one-million-funding-government-nspcc-helpline/', checked: '2026-12-06' },
  /** Childline, free, 24 hours, for under-19s. */
  childline: {
    number: '0800 1111',
    source: 'https://www.nspcc.org.uk/',
    checked: '2026-12-06',
    confirmedElsewhere: "the NSPCC's page confirms Childline is free and 24-hour; the number itself only on other sites (childline.org.uk was not in the stored copies)",
  },
} as const satisfies Record<string, Helpline>;
