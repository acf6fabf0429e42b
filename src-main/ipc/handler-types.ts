import type { z } from 'zod';
import type { Channel, ResponseOf, channels } from '../../shared/ipc/contract';

/** A request as the handler receives it: already checked (and defaulted) by the contract's schema. */
export type ParsedRequest<C extends Channel> = z.output<(typeof channels)[C]['request']>;

export type Handler<C extends Channel> = (request: ParsedRequest<C>) => Promise<ResponseOf<C>>;

/** One handler per channel of the contract; the compiler checks none is missing. */
export type HandlerTable = { [C in Channel]: Handler<C> };

/** The handlers of one domain (`queue:*`, `topology:*`, …). */
export type DomainHandlers<Prefix extends string> = { [C in Extract<Channel, `${Prefix}:${string}`>]: Handler<C> };
