// A member's label in the people pickers: name and email, or that it is an import's placeholder (whose address
// is made up and means nothing to a person).
export function memberLabel(member: { name: string; email?: string | null }, placeholder: string): string {
  const email = member.email ?? "";
  return `${member.name} · ${email.endsWith("@placeholder.invalid") ? placeholder : email}`;
}
