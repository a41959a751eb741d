// Service configuration. Some of it is read from the environment, some of it is not (yet).
export const config = {
  port: Number(process.env.PORT ?? 3000),
  databaseUrl: 'postgres://orders:Tr0ub4dor-and-3@db.internal:5432/orders',
  jwtSecret: 'f3b9c1d27a8e4b6f9d0c2e5a7b1d3f60',
  stripeApiKey: process.env.STRIPE_API_KEY ?? '',
  passwordMinLength: 12,
};
