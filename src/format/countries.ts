/**
 * The countries a Norwegian factor's customers are likely to be in: ISO 3166-1 alpha-2 → numeric
 * code and Norwegian name (the SGK file wants both codes). A country not listed is a problem,
 * never a guess: add it here (numeric code from ISO 3166-1) when a customer needs it.
 */
export interface Country {
  numeric: string;
  name: string;
}

const COUNTRIES: Readonly<Record<string, Country>> = {
  NO: { numeric: "578", name: "Norge" },
  SE: { numeric: "752", name: "Sverige" },
  DK: { numeric: "208", name: "Danmark" },
  FI: { numeric: "246", name: "Finland" },
  IS: { numeric: "352", name: "Island" },
  DE: { numeric: "276", name: "Tyskland" },
  GB: { numeric: "826", name: "Storbritannia" },
  US: { numeric: "840", name: "USA" },
  NL: { numeric: "528", name: "Nederland" },
  BE: { numeric: "056", name: "Belgia" },
  FR: { numeric: "250", name: "Frankrike" },
  ES: { numeric: "724", name: "Spania" },
  IT: { numeric: "380", name: "Italia" },
  PL: { numeric: "616", name: "Polen" },
  EE: { numeric: "233", name: "Estland" },
  LV: { numeric: "428", name: "Latvia" },
  LT: { numeric: "440", name: "Litauen" },
  IE: { numeric: "372", name: "Irland" },
  AT: { numeric: "040", name: "Østerrike" },
  CH: { numeric: "756", name: "Sveits" },
};

export function countryByAlpha2(alpha2: string): Country | undefined {
  return Object.hasOwn(COUNTRIES, alpha2) ? COUNTRIES[alpha2] : undefined;
}
