import { describe, expect, it } from "vitest";
import { ALL_SEEING, BLIND, type Sight } from "../visible-references.ts";
import { referencesOf, renderStory, type StoryDetails } from "./story.render.ts";

const system = (resource_subtype: string, text: string, details: StoryDetails | null) => ({
  task_gid: 1,
  type: "system",
  resource_subtype,
  text,
  html_text: `<body>${text}</body>`,
  details: details ? JSON.stringify(details) : null,
});

const website = { gid: "10", resource_type: "project", name: "Website" };
const salaries = { gid: "20", resource_type: "project", name: "Salaries" };
const contract = { gid: "30", resource_type: "task", name: "Boris's contract" };
// Sees the Website project and nothing else.
const websiteOnly: Sight = { task: () => false, project: (gid) => gid === 10, field: () => false };

describe("a story rendered for its reader", () => {
  it("names what the reader sees and calls the rest private, keeping gids", () => {
    const story = system("added_to_project", "added this task to Salaries", { project: salaries });
    expect(renderStory(story, ALL_SEEING).text).toBe("added this task to Salaries");
    const hidden = renderStory(story, websiteOnly);
    expect(hidden).toEqual({
      text: "added this task to a private project",
      html_text: "<body>added this task to a private project</body>",
      details: { project: { gid: "20", resource_type: "project" } },
    });
    const created = system("added_to_project", "created this task in Website", { project: website });
    expect(renderStory(created, websiteOnly).text).toBe("created this task in Website");
    expect(
      renderStory(system("added_to_task", "created this task as a subtask of …", { task: contract }), BLIND).text,
    ).toBe("created this task as a subtask of a private task");
  });

  it("hides a private project's sections with the project", () => {
    const moved = system("section_changed", 'moved this task from "Draft" to "Final" in Salaries', {
      project: salaries,
      old_section: { gid: "21", resource_type: "section", name: "Draft" },
      new_section: { gid: "22", resource_type: "section", name: "Final" },
    });
    expect(renderStory(moved, ALL_SEEING).text).toBe('moved this task from "Draft" to "Final" in Salaries');
    expect(renderStory(moved, websiteOnly)).toMatchObject({
      text: "moved this task in a private project",
      details: {
        old_section: { gid: "21", resource_type: "section" },
        new_section: { gid: "22", resource_type: "section" },
      },
    });
  });

  it("tells a dependency, a custom field and a rule without naming them", () => {
    const dependency = system("dependency_removed", "…", { dependency: contract });
    expect(renderStory(dependency, ALL_SEEING).text).toBe('removed the dependency "Boris\'s contract"');
    expect(renderStory(dependency, BLIND).text).toBe("removed a private task as a dependency");
    const field = system("text_custom_field_changed", "changed Salary band to Band 7", {
      custom_field: { gid: "40", resource_type: "custom_field", name: "Salary band" },
      new_display_value: "Band 7",
    });
    expect(renderStory(field, BLIND)).toEqual({
      text: "changed a field of a private project",
      html_text: "<body>changed a field of a private project</body>",
      details: { custom_field: { gid: "40", resource_type: "custom_field" } },
    });
    const rule = system("rule_ran", "", {
      rule: { gid: "50", resource_type: "rule", name: "Triage", project: website },
      steps: [{ text: "marked this task complete" }, { added_to_project: salaries }],
    });
    expect(renderStory(rule, ALL_SEEING).text).toBe(
      'Rule "Triage" marked this task complete, added this task to Salaries.',
    );
    expect(renderStory(rule, websiteOnly).text).toBe(
      'Rule "Triage" marked this task complete, added this task to a private project.',
    );
    expect(renderStory(rule, BLIND).text).toBe("A rule in a private project changed this task.");
    // The rule and its steps by reference: stored steps of the old shapes read as typed ones, and a project the
    // reader cannot see keeps its gid only; a reader who cannot see the rule's project learns neither.
    expect(renderStory(rule, websiteOnly).details).toEqual({
      rule: { gid: "50", resource_type: "rule", name: "Triage" },
      rule_steps: [
        { type: "text", text: "marked this task complete" },
        { type: "added_to_project", project: { gid: salaries.gid, resource_type: "project" } },
      ],
    });
    expect(renderStory(rule, ALL_SEEING).details).toMatchObject({
      rule_steps: [{ type: "text" }, { type: "added_to_project", project: salaries }],
    });
    expect(renderStory(rule, BLIND).details).toEqual({ rule: { gid: "50", resource_type: "rule" }, rule_steps: [] });
  });

  it("reads a story without references, and a comment, as written", () => {
    const old = system("added_to_project", "added this task to Website", null);
    expect(renderStory(old, BLIND).text).toBe("added this task to Website");
    const comment = { ...system("comment_added", "Looks good", null), type: "comment" };
    expect(renderStory(comment, BLIND)).toEqual({
      text: "Looks good",
      html_text: "<body>Looks good</body>",
      details: {},
    });
  });

  it("collects every task and project a page of stories names", () => {
    expect(
      referencesOf([
        { project: website, task: contract },
        { dependency: { gid: "31", resource_type: "task" } },
        { rule: { gid: "50", resource_type: "rule", project: salaries }, steps: [{ added_to_project: website }] },
      ]),
    ).toEqual({ tasks: [30, 31], projects: [10, 20, 10] });
  });
});
