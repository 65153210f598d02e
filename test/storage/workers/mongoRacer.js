// One of several processes racing on one MongoDB database (mongo.crossProcess.test.ts): opens the stores from the
// built adapter (dist/), waits for the common start time, takes all it can of one kind of work, and prints what it
// took as one JSON line. Usage: node mongoRacer.js <uri> <worker id> <claims|outbox|followups> <start at (ms)>
const path = require('node:path');
const { openMongoStores } = require(path.join(__dirname, '../../../dist/src/storage/mongo/openMongoStores'));

async function main() {
  const [uri, worker, task, startAt] = process.argv.slice(2);
  const stores = await openMongoStores({ uri, retentionDays: 730 });
  const took = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
    if (task === 'claims') {
      for (let h = await stores.handoffs.claimNext(worker); h; h = await stores.handoffs.claimNext(worker)) took.push(h.id);
    } else if (task === 'outbox') {
      for (;;) {
        const claimed = await stores.smsOutbox.claimDue(new Date(), 1, 60_000);
        if (claimed.length === 0) break;
        for (const message of claimed) {
          await stores.smsOutbox.markSent(message.id, `${worker}-${message.id}`, new Date());
          took.push(message.id);
        }
      }
    } else if (task === 'followups') {
      for (const referral of await stores.referrals.listFollowUpsDue(new Date(), 1000)) {
        if (await stores.referrals.markFollowUpSent(referral.reference, new Date())) took.push(referral.reference);
      }
    } else {
      throw new Error(`unknown task ${task}`);
    }
  } finally {
    await stores.close();
  }
  process.stdout.write(`${JSON.stringify({ worker, task, took })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
