import { DateTimeResolver, EmailAddressResolver, JSONResolver, NonEmptyStringResolver, PositiveIntResolver, URLResolver } from 'graphql-scalars';

export const scalarResolvers = {
  DateTime: DateTimeResolver,
  EmailAddress: EmailAddressResolver,
  URL: URLResolver,
  NonEmptyString: NonEmptyStringResolver,
  PositiveInt: PositiveIntResolver,
  JSON: JSONResolver,
};
