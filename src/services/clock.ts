/** The one source of "now" for services, injectable so planning and tests are deterministic. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
