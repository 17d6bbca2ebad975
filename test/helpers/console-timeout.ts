// Console workflows drive a real browser through many screens; on two busy cores one can take minutes.
jest.setTimeout(180_000);
