import { describe, expect, it } from "vitest";
import { leadSummary, leadsOf, parseBracketForm, projectName } from "./crm.parse.ts";

const AMO =
  "leads%5Bstatus%5D%5B0%5D%5Bid%5D=25399013&leads%5Bstatus%5D%5B0%5D%5Bname%5D=Acme+site&" +
  "leads%5Bstatus%5D%5B0%5D%5Bstatus_id%5D=142&leads%5Bstatus%5D%5B0%5D%5Bpipeline_id%5D=3104455&" +
  "leads%5Bstatus%5D%5B0%5D%5Bprice%5D=5000&account%5Bsubdomain%5D=acme&" +
  "contacts%5Badd%5D%5B0%5D%5Bname%5D=Ivan&" +
  "contacts%5Badd%5D%5B0%5D%5Bcustom_fields%5D%5B0%5D%5Bvalues%5D%5B0%5D%5Bvalue%5D=Ivan%40Example.com";

describe("CRM payload parsing", () => {
  it("reads amoCRM bracket notation into nested objects", () => {
    const tree = parseBracketForm(AMO);
    expect(tree).toMatchObject({ leads: { status: { 0: { id: "25399013", status_id: "142" } } } });
    expect(tree.account).toEqual({ subdomain: "acme" });
  });

  it("ignores prototype keys", () => {
    const tree = parseBracketForm("__proto__%5Bpolluted%5D=1&a%5Bconstructor%5D=2&b=3");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(tree).toEqual({ b: "3" });
  });

  it("finds the lead, its contact's email and the account", () => {
    const [lead] = leadsOf(parseBracketForm(AMO));
    expect(lead).toEqual({
      id: "25399013",
      name: "Acme site",
      status_id: "142",
      pipeline_id: "3104455",
      price: "5000",
      contact: { name: "Ivan", email: "ivan@example.com" },
      account: "acme",
    });
    expect(leadSummary(lead)).toContain("Contact: Ivan, ivan@example.com");
  });

  it("reads the generic JSON form", () => {
    const leads = leadsOf({
      lead: { id: 7, name: "Bolt", status_id: 2, pipeline_id: 1, contact: { name: "Ann", email: "ann@x.io" } },
    });
    expect(leads[0]).toMatchObject({ id: "7", status_id: "2", pipeline_id: "1", contact: { email: "ann@x.io" } });
    expect(leadsOf({ nothing: true })).toEqual([]);
  });

  it("names the project from the pattern", () => {
    const [lead] = leadsOf(parseBracketForm(AMO));
    expect(projectName("{lead.name} — {contact.name}", lead)).toBe("Acme site — Ivan");
    expect(projectName("{unknown}", lead)).toBe("Lead 25399013");
  });
});
