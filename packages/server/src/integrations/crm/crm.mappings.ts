import type { CrmMapping } from "@takt/contracts";

// A mapping as stored (crm_intakes.mappings): CRM ids are kept as strings, however the request sent them.
export type StoredMapping = Omit<CrmMapping, "pipeline_id" | "status_id"> & { pipeline_id: string; status_id: string };

export const storedMappings = (mappings: CrmMapping[]): StoredMapping[] =>
  mappings.map((mapping) => ({
    ...mapping,
    pipeline_id: String(mapping.pipeline_id),
    status_id: String(mapping.status_id),
  }));

export const parseMappings = (text: string) => JSON.parse(text) as StoredMapping[];
