/** The twelve factors: number ↔ slug ↔ title. */
export interface Factor {
  number: number;
  roman: string;
  slug: string;
  title: string;
  summary: string;
}

export const FACTORS: readonly Factor[] = [
  { number: 1, roman: 'I', slug: 'codebase', title: 'Codebase', summary: 'One codebase tracked in revision control, many deploys' },
  { number: 2, roman: 'II', slug: 'dependencies', title: 'Dependencies', summary: 'Explicitly declare and isolate dependencies' },
  { number: 3, roman: 'III', slug: 'config', title: 'Config', summary: 'Store config in the environment' },
  { number: 4, roman: 'IV', slug: 'backing-services', title: 'Backing services', summary: 'Treat backing services as attached resources' },
  { number: 5, roman: 'V', slug: 'build-release-run', title: 'Build, release, run', summary: 'Strictly separate build and run stages' },
  { number: 6, roman: 'VI', slug: 'processes', title: 'Processes', summary: 'Execute the app as one or more stateless processes' },
  { number: 7, roman: 'VII', slug: 'port-binding', title: 'Port binding', summary: 'Export services via port binding' },
  { number: 8, roman: 'VIII', slug: 'concurrency', title: 'Concurrency', summary: 'Scale out via the process model' },
  {
    number: 9,
    roman: 'IX',
    slug: 'disposability',
    title: 'Disposability',
    summary: 'Maximize robustness with fast startup and graceful shutdown',
  },
  {
    number: 10,
    roman: 'X',
    slug: 'dev-prod-parity',
    title: 'Dev/prod parity',
    summary: 'Keep development, staging, and production as similar as possible',
  },
  { number: 11, roman: 'XI', slug: 'logs', title: 'Logs', summary: 'Treat logs as event streams' },
  {
    number: 12,
    roman: 'XII',
    slug: 'admin-processes',
    title: 'Admin processes',
    summary: 'Run admin/management tasks as one-off processes',
  },
];

export function factorBySlug(slug: string): Factor | undefined {
  return FACTORS.find((f) => f.slug === slug);
}

export function factorByNumber(n: number): Factor | undefined {
  return FACTORS[n - 1];
}
