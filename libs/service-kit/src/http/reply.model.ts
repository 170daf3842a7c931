/** The part of a fastify reply that the kit's controllers touch, so they need no fastify import. */
export interface ReplyHeaders {
  header(name: string, value: string): unknown;
  status(statusCode: number): unknown;
}
