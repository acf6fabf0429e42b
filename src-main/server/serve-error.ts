import { SlotlineError } from '../../shared/errors';

/** Why `slotline serve` or `slotline exporter` cannot start: port in use, remote host, missing build. */
export class ServeError extends SlotlineError {}
