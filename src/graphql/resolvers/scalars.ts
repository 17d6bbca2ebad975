import { DateTimeResolver, EmailAddressResolver, JSONResolver, URLResolver } from 'graphql-scalars';

// Lengths and ranges (names, rate limits, page sizes) are checked by the services, which answer
// BAD_USER_INPUT with the offending field; scalars such as NonEmptyString would fail earlier, without it.
export const scalarResolvers = {
  DateTime: DateTimeResolver,
  EmailAddress: EmailAddressResolver,
  URL: URLResolver,
  JSON: JSONResolver,
};
