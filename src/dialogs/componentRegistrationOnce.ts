/**
 * botbuilder-dialogs registers its memory scopes and path resolvers (a `DialogsComponentRegistration`, which builds a
 * service collection of about twenty factories) again in every `DialogStateManager` it makes, and it makes one for
 * every dialog context: with the referral's dialogs nested three and four deep, 13 or 14 a turn. Registering is a
 * `Map.set` of the same name each time, so one registration, made once and handed back to every `new`, registers
 * the same. `reuseDialogsComponentRegistration` makes that so (idempotent; the library's registry and what it
 * holds are unchanged).
 */
import * as registrationModule from 'botbuilder-dialogs/lib/dialogsComponentRegistration';

type Registration = registrationModule.DialogsComponentRegistration;

let installed = false;

export function reuseDialogsComponentRegistration(): void {
  if (installed) return;
  const once: Registration = new registrationModule.DialogsComponentRegistration();
  // Called with `new`, a function that returns an object gives that object: every `new` gets the one registration.
  const reused = function DialogsComponentRegistration(): Registration {
    return once;
  };
  Object.defineProperty(registrationModule, 'DialogsComponentRegistration', { value: reused, writable: true, configurable: true, enumerable: true });
  installed = true;
}
