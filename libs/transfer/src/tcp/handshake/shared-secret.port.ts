/**
 * The secrets both ends of a data-plane connection share (the services' tokens). The client
 * proves it holds one without sending it; the server accepts any, so secrets rotate without a
 * flag day. Read on every connection, so a rotation applies to the next one.
 */
export interface SharedSecrets {
  /** The secret this end proves itself with. */
  sending(): string;
  /** Every secret a peer may prove itself with. */
  accepted(): readonly string[];
}
