import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, makeProject, makeUser, makeWorkspace, type TestUser } from "./helpers/factories.ts";
import { startTestApp, type TestApp } from "./helpers/test-app.ts";

let t: TestApp;
let ws: { gid: string };
let lead: TestUser;
let viewer: TestUser;
let guest: TestUser;
let outsider: TestUser;
let project: { gid: string; sections: { gid: string }[] };
let other: { gid: string };
const fields: Record<string, any> = {};

beforeAll(async () => {
  t = await startTestApp();
  ws = await makeWorkspace(t);
  lead = await makeUser(t, ws.gid, "admin", "Lena Lead");
  viewer = await makeUser(t, ws.gid, "member", "Vic Viewer");
  guest = await makeUser(t, ws.gid, "guest", "Gus Guest");
  outsider = await makeUser(t, ws.gid, "member", "Olga Outsider");
  project = await makeProject(t, ws.gid, {
    privacy: "private",
    members: [
      { user: lead, access: "admin" },
      { user: viewer, access: "viewer" },
      { user: guest, access: "commenter" },
    ],
  });
  other = await makeProject(t, ws.gid, { members: [{ user: lead, access: "admin" }] });
  const api = client(t, lead.token);
  const definitions = [
    { name: "Notes line", resource_subtype: "text" },
    { name: "Budget", resource_subtype: "number", precision: 2, format: "currency", currency_code: "EUR" },
    { name: "Done share", resource_subtype: "number", precision: 0, format: "percentage" },
    { name: "Estimate", resource_subtype: "number", format: "duration" },
    {
      name: "Priority",
      resource_subtype: "enum",
      enum_options: [
        { name: "High", color: "red" },
        { name: "Low", color: "green" },
      ],
    },
    { name: "Channels", resource_subtype: "multi_enum", enum_options: [{ name: "Email" }, { name: "Ads" }] },
    { name: "Launch", resource_subtype: "date" },
    { name: "Reviewers", resource_subtype: "people" },
    { name: "Hosting password", resource_subtype: "secret" },
  ];
  for (const definition of definitions) {
    const answer = await api.post("/custom_fields", { workspace: ws.gid, ...definition });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    fields[definition.resource_subtype === "number" ? definition.name : definition.resource_subtype] = answer.body.data;
    const setting = await api.post(`/projects/${project.gid}/addCustomFieldSetting`, {
      custom_field: answer.body.data.gid,
      is_important: definition.name === "Priority",
    });
    expect(setting.status, JSON.stringify(setting.body)).toBe(200);
  }
});
afterAll(() => t?.close());

describe("custom fields", () => {
  it("creates fields in Asana's shape and lists the project's settings in order", async () => {
    const api = client(t, lead.token);
    expect(fields.enum).toMatchObject({
      resource_type: "custom_field",
      resource_subtype: "enum",
      type: "enum",
      is_global_to_workspace: true,
      enum_options: [
        { resource_type: "enum_option", name: "High", color: "red", enabled: true },
        { name: "Low", color: "green" },
      ],
    });
    expect(fields.Budget).toMatchObject({ precision: 2, format: "currency", currency_code: "EUR" });
    const settings = await api.get(`/projects/${project.gid}/custom_field_settings`);
    expect(settings.body.data.map((setting: any) => setting.custom_field.name)).toEqual([
      "Notes line",
      "Budget",
      "Done share",
      "Estimate",
      "Priority",
      "Channels",
      "Launch",
      "Reviewers",
      "Hosting password",
    ]);
    expect(settings.body.data[4]).toMatchObject({ resource_type: "custom_field_setting", is_important: true });
    const listed = await api.get(`/workspaces/${ws.gid}/custom_fields`);
    expect(listed.body.data).toHaveLength(9);
  });

  it("sets every type on a task, with display values, and clears with null", async () => {
    const api = client(t, lead.token);
    const high = fields.enum.enum_options[0].gid;
    const [email, ads] = fields.multi_enum.enum_options.map((option: any) => option.gid);
    const created = await api.post("/tasks", {
      name: "Landing page",
      projects: [project.gid],
      custom_fields: {
        [fields.text.gid]: "Hello",
        [fields.Budget.gid]: 1500.5,
        [fields["Done share"].gid]: 0.25,
        [fields.Estimate.gid]: 150,
        [fields.enum.gid]: high,
        [fields.multi_enum.gid]: [email, ads],
        [fields.date.gid]: { date: "2030-05-01" },
        [fields.people.gid]: [viewer.gid],
        [fields.secret.gid]: "hunter2",
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const byName = Object.fromEntries(created.body.data.custom_fields.map((field: any) => [field.name, field]));
    expect(byName["Notes line"]).toMatchObject({ text_value: "Hello", display_value: "Hello" });
    expect(byName.Budget).toMatchObject({ number_value: 1500.5, display_value: "€1,500.50" });
    expect(byName["Done share"].display_value).toBe("25%");
    expect(byName.Estimate.display_value).toBe("2h 30m");
    expect(byName.Priority).toMatchObject({ enum_value: { gid: high, name: "High" }, display_value: "High" });
    expect(byName.Channels).toMatchObject({ display_value: "Email, Ads" });
    expect(byName.Launch).toMatchObject({
      date_value: { date: "2030-05-01", date_time: null },
      display_value: "2030-05-01",
    });
    expect(byName.Reviewers).toMatchObject({
      people_value: [{ gid: viewer.gid, name: "Vic Viewer" }],
      display_value: "Vic Viewer",
    });
    expect(byName["Hosting password"]).toMatchObject({ text_value: null, display_value: "••••••", is_secret: true });
    expect(JSON.stringify(created.body)).not.toContain("hunter2");

    // Values asked for by key (a board's cards) come without the option lists, unless those are asked for too.
    const keyed = "custom_fields.name,custom_fields.enum_value,custom_fields.multi_enum_values,custom_fields.precision";
    const row = await api.get(`/tasks/${created.body.data.gid}?opt_fields=${keyed}`);
    const rowByName = Object.fromEntries(row.body.data.custom_fields.map((field: any) => [field.name, field]));
    expect(rowByName.Priority).toEqual({
      gid: fields.enum.gid,
      resource_type: "custom_field",
      name: "Priority",
      enum_value: expect.objectContaining({ gid: high, name: "High" }),
    });
    expect(rowByName.Channels.multi_enum_values.map((option: any) => option.name)).toEqual(["Email", "Ads"]);
    expect(rowByName.Budget).toMatchObject({ name: "Budget", precision: 2 });
    const withOptions = await api.get(
      `/tasks/${created.body.data.gid}?opt_fields=custom_fields.name,custom_fields.enum_options.name`,
    );
    const optionsByName = Object.fromEntries(
      withOptions.body.data.custom_fields.map((field: any) => [field.name, field]),
    );
    expect(optionsByName.Priority.enum_options.length).toBe(fields.enum.enum_options.length);

    const cleared = await api.put(`/tasks/${created.body.data.gid}`, {
      custom_fields: { [fields.enum.gid]: null, [fields.date.gid]: { date_time: "2030-05-02T10:00:00Z" } },
    });
    expect(cleared.status).toBe(200);
    const after = Object.fromEntries(cleared.body.data.custom_fields.map((field: any) => [field.name, field]));
    expect(after.Priority).toMatchObject({ enum_value: null, display_value: null });
    expect(after.Launch.date_value).toEqual({ date: "2030-05-02", date_time: "2030-05-02T10:00:00.000Z" });
    const changedSecret = await api.put(`/tasks/${created.body.data.gid}`, {
      custom_fields: { [fields.enum.gid]: high, [fields.secret.gid]: "hunter3" },
    });
    expect(changedSecret.status).toBe(200);
    const activity = await api.get(`/tasks/${created.body.data.gid}/stories?opt_fields=text,resource_subtype`);
    const texts = activity.body.data.map((story: any) => story.text);
    expect(texts).toContain("cleared Priority");
    expect(texts).toContain("changed Priority to High");
    expect(texts).toContain("changed the secret field Hosting password");
    expect(JSON.stringify(activity.body)).not.toContain("hunter");

    const stored = await t.handle.db.selectFrom("task_custom_field_values").select("secret_value").execute();
    expect(JSON.stringify(stored)).not.toContain("hunter2");
    const events = await t.handle.db.selectFrom("events").select("change").execute();
    expect(JSON.stringify(events)).not.toContain("hunter2");
    expect(events.some((event) => event.change?.includes('"field":"custom_fields"'))).toBe(true);
  });

  it("refuses wrong values, options of other fields, fields off the task's projects and deleted fields", async () => {
    const api = client(t, lead.token);
    const task = (await api.post("/tasks", { name: "Checks", projects: [project.gid] })).body.data;
    const put = (customFields: Record<string, unknown>) =>
      api.put(`/tasks/${task.gid}`, { custom_fields: customFields });
    for (const [gid, value] of [
      [fields.Budget.gid, "12"],
      [fields.Budget.gid, { amount: 1 }],
      [fields.text.gid, 12],
      [fields.text.gid, "x".repeat(1025)],
      [fields.enum.gid, fields.multi_enum.enum_options[0].gid],
      [fields.multi_enum.gid, fields.multi_enum.enum_options[0].gid],
      [fields.date.gid, "2030-01-01"],
      [fields.date.gid, { date: "2030-13-45" }],
      [fields.people.gid, "me"],
    ] as [string, unknown][]) {
      const answer = await put({ [gid]: value });
      expect(answer.status, `${gid} ${JSON.stringify(value)}`).toBe(400);
      expect(answer.body.errors[0].message).toContain(`custom_fields.${gid}`);
    }
    const people = await put({ [fields.people.gid]: [outsider.gid, "999999999"] });
    expect(people.status).toBe(404);

    const offProject = (
      await api.post("/custom_fields", { workspace: ws.gid, name: "Elsewhere", resource_subtype: "text" })
    ).body.data;
    await api.post(`/projects/${other.gid}/addCustomFieldSetting`, { custom_field: offProject.gid });
    const notOnProject = await put({ [offProject.gid]: "x" });
    expect(notOnProject.status).toBe(400);
    expect(notOnProject.body.errors[0].message).toContain('"Elsewhere" is not on any of this task\'s projects');

    const doomed = (await api.post("/custom_fields", { workspace: ws.gid, name: "Doomed", resource_subtype: "text" }))
      .body.data;
    await api.post(`/projects/${project.gid}/addCustomFieldSetting`, { custom_field: doomed.gid });
    expect((await api.delete(`/custom_fields/${doomed.gid}`)).status).toBe(200);
    expect((await put({ [doomed.gid]: "x" })).status).toBe(404);
    expect((await api.get(`/custom_fields/${doomed.gid}`)).status).toBe(404);

    // Disabled options are kept on tasks but no longer selectable.
    const low = fields.enum.enum_options[1].gid;
    expect((await api.put(`/enum_options/${low}`, { enabled: false })).body.data.enabled).toBe(false);
    expect((await put({ [fields.enum.gid]: low })).status).toBe(400);

    const bad = await api.post("/custom_fields", { workspace: ws.gid, name: "X", resource_subtype: "colour" });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toContain("resource_subtype");
    const noCurrency = await api.post("/custom_fields", {
      workspace: ws.gid,
      name: "X",
      resource_subtype: "number",
      format: "currency",
    });
    expect(noCurrency.status).toBe(400);
  });

  it("adds, reorders and renames enum options", async () => {
    const api = client(t, lead.token);
    const [high] = fields.enum.enum_options;
    const medium = await api.post(`/custom_fields/${fields.enum.gid}/enum_options`, {
      name: "Medium",
      color: "yellow",
      insert_after: high.gid,
    });
    expect(medium.status).toBe(201);
    const moved = await api.post(`/custom_fields/${fields.enum.gid}/enum_options/insert`, {
      enum_option: medium.body.data.gid,
      before_enum_option: high.gid,
    });
    expect(moved.status).toBe(200);
    const field = await api.get(`/custom_fields/${fields.enum.gid}`);
    expect(field.body.data.enum_options.map((option: any) => option.name)).toEqual(["Medium", "High", "Low"]);
    const wrongColor = await api.post(`/custom_fields/${fields.enum.gid}/enum_options`, { name: "X", color: "mauve" });
    expect(wrongColor.status).toBe(400);
  });

  it("holds 60 fields on one project and creates project-local fields inline", async () => {
    const api = client(t, lead.token);
    const big = await makeProject(t, ws.gid, { members: [{ user: lead, access: "admin" }] });
    for (let index = 0; index < 60; index += 1) {
      const answer = await api.post(`/projects/${big.gid}/addCustomFieldSetting`, {
        custom_field: { name: `Field ${index}`, resource_subtype: "number" },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      if (index === 0) {
        expect(answer.body.data.custom_field).toMatchObject({
          is_global_to_workspace: false,
          project: { gid: big.gid },
        });
      }
    }
    const settings = await api.get(`/projects/${big.gid}/custom_field_settings?limit=100`);
    expect(settings.body.data).toHaveLength(60);
    const task = await api.post("/tasks", { name: "Many", projects: [big.gid] });
    expect(task.body.data.custom_fields).toHaveLength(60);
    const removed = await api.post(`/projects/${big.gid}/removeCustomFieldSetting`, {
      custom_field: settings.body.data[0].custom_field.gid,
    });
    expect(removed.status).toBe(200);
  });

  it("keeps other people out: guests, viewers and outsiders", async () => {
    expect((await client(t, guest.token).get(`/workspaces/${ws.gid}/custom_fields`)).status).toBe(403);
    expect((await client(t, guest.token).get(`/custom_fields/${fields.enum.gid}`)).status).toBe(200);
    expect((await client(t, guest.token).put(`/custom_fields/${fields.enum.gid}`, { name: "Hacked" })).status).toBe(
      403,
    );
    expect(
      (
        await client(t, viewer.token).post(`/projects/${project.gid}/addCustomFieldSetting`, {
          custom_field: fields.text.gid,
        })
      ).status,
    ).toBe(403);
    expect((await client(t, outsider.token).get(`/projects/${project.gid}/custom_field_settings`)).status).toBe(404);
    expect(
      (
        await client(t, outsider.token).post("/custom_fields", {
          workspace: "123",
          name: "x",
          resource_subtype: "text",
        })
      ).status,
    ).toBe(404);
  });

  it("reveals a secret only to people with edit access, and records each reveal", async () => {
    const api = client(t, lead.token);
    const task = (
      await api.post("/tasks", {
        name: "Server",
        projects: [project.gid],
        custom_fields: { [fields.secret.gid]: "s3cr3t!" },
      })
    ).body.data;
    const path = `/tasks/${task.gid}/custom_fields/${fields.secret.gid}/reveal`;
    const revealed = await api.post(path);
    expect(revealed.status).toBe(200);
    expect(revealed.body.data).toMatchObject({ text_value: "s3cr3t!", resource_subtype: "secret" });
    expect((await client(t, viewer.token).post(path)).status).toBe(403);
    expect((await client(t, guest.token).post(path)).status).toBe(403);
    expect((await client(t, outsider.token).post(path)).status).toBe(404);
    const stories = await api.get(`/tasks/${task.gid}/stories?opt_fields=text,resource_subtype`);
    const reveals = stories.body.data.filter((story: any) => story.resource_subtype === "secret_revealed");
    expect(reveals).toHaveLength(1);
    expect(reveals[0].text).toBe("revealed the secret field Hosting password");
    const search = await api.get(`/workspaces/${ws.gid}/tasks/search?text=s3cr3t`);
    expect(search.body.data).toEqual([]);
    const events = await api.get(`/events?resource=${task.gid}`);
    expect(JSON.stringify(events.body)).not.toContain("s3cr3t");
  });
});

describe("workspace fields across the privacy boundary", () => {
  it("lets only an admin, or someone who sees every use, rename or delete a field; others get 403 and nothing changes", async () => {
    const owner = await makeUser(t, ws.gid, "member", "Pia Private");
    const vault = await makeProject(t, ws.gid, { privacy: "private", members: [{ user: owner, access: "admin" }] });
    const ownerApi = client(t, owner.token);
    const field = await ownerApi.post("/custom_fields", {
      workspace: ws.gid,
      name: "Contract value",
      resource_subtype: "number",
    });
    expect(field.status).toBe(201);
    const fieldGid = field.body.data.gid;
    expect(
      (await ownerApi.post(`/projects/${vault.gid}/addCustomFieldSetting`, { custom_field: fieldGid })).status,
    ).toBe(200);
    const task = await ownerApi.post("/tasks", {
      name: "Big contract",
      projects: [vault.gid],
      custom_fields: { [fieldGid]: 120000 },
    });
    expect(task.status).toBe(201);

    // A member outside the private project sees the library field, but may not erase or relabel its values.
    const outsiderApi = client(t, outsider.token);
    expect((await outsiderApi.get(`/custom_fields/${fieldGid}`)).status).toBe(200);
    const deleted = await outsiderApi.delete(`/custom_fields/${fieldGid}`);
    expect(deleted.status).toBe(403);
    expect(deleted.body.errors[0].message).toBe(
      "custom_field: it is used in projects or on tasks you cannot see; only a workspace admin can delete it",
    );
    const renamed = await outsiderApi.put(`/custom_fields/${fieldGid}`, { name: "Nothing" });
    expect(renamed.status).toBe(403);
    expect(renamed.body.errors[0].message).toMatch(/^custom_field: .* only a workspace admin can rename it$/);
    // Other edits leave the values as they are.
    expect((await outsiderApi.put(`/custom_fields/${fieldGid}`, { description: "Signed amount" })).status).toBe(200);
    const kept = await ownerApi.get(
      `/tasks/${task.body.data.gid}?opt_fields=custom_fields.name,custom_fields.number_value`,
    );
    expect(kept.body.data.custom_fields).toEqual([
      expect.objectContaining({ gid: fieldGid, name: "Contract value", number_value: 120000 }),
    ]);

    // The owner sees every use; so does an admin, whatever they see.
    expect((await ownerApi.put(`/custom_fields/${fieldGid}`, { name: "Contract total" })).status).toBe(200);
    expect((await client(t, lead.token).put(`/custom_fields/${fieldGid}`, { name: "Contract sum" })).status).toBe(200);

    // A field used only where the member sees it is theirs to rename and delete.
    const open = await makeProject(t, ws.gid, { members: [{ user: outsider, access: "editor" }] });
    const scratch = await outsiderApi.post("/custom_fields", {
      workspace: ws.gid,
      name: "Scratch",
      resource_subtype: "text",
    });
    await outsiderApi.post(`/projects/${open.gid}/addCustomFieldSetting`, { custom_field: scratch.body.data.gid });
    await outsiderApi.post("/tasks", {
      name: "Open",
      projects: [open.gid],
      custom_fields: { [scratch.body.data.gid]: "x" },
    });
    expect((await outsiderApi.put(`/custom_fields/${scratch.body.data.gid}`, { name: "Scratchpad" })).status).toBe(200);
    expect((await outsiderApi.delete(`/custom_fields/${scratch.body.data.gid}`)).status).toBe(200);
  });
});

describe("who may reveal a secret", () => {
  it("is set per field: editors of the task, workspace admins, or named people; every reveal is audited", async () => {
    const editor = await makeUser(t, ws.gid, "member", "Eda Editor");
    const bookkeeper = await makeUser(t, ws.gid, "member", "Bo Bookkeeper");
    const vault = await makeProject(t, ws.gid, {
      privacy: "private",
      members: [
        { user: lead, access: "admin" },
        { user: editor, access: "editor" },
        { user: bookkeeper, access: "viewer" },
      ],
    });
    const editorApi = client(t, editor.token);
    const bookkeeperApi = client(t, bookkeeper.token);
    const leadApi = client(t, lead.token);
    const field = await editorApi.post("/custom_fields", {
      workspace: ws.gid,
      name: "Bank PIN",
      resource_subtype: "secret",
    });
    expect(field.status).toBe(201);
    expect(field.body.data).toMatchObject({ reveal_access: "editors", reveal_people: [] });
    const fieldGid = field.body.data.gid;
    await editorApi.post(`/projects/${vault.gid}/addCustomFieldSetting`, { custom_field: fieldGid });
    const task = await editorApi.post("/tasks", {
      name: "Company account",
      projects: [vault.gid],
      custom_fields: { [fieldGid]: "4921" },
    });
    const reveal = (api: ReturnType<typeof client>) =>
      api.post(`/tasks/${task.body.data.gid}/custom_fields/${fieldGid}/reveal`);
    const refusal = async (api: ReturnType<typeof client>) => {
      const answer = await reveal(api);
      expect(answer.status).toBe(403);
      expect(JSON.stringify(answer.body)).not.toContain("4921");
      return answer.body.errors[0].message as string;
    };

    // Editors (the default): whoever may edit the task.
    expect((await reveal(editorApi)).body.data.text_value).toBe("4921");
    expect(await refusal(bookkeeperApi)).toBe(
      "custom_field: only people who may edit the task may reveal this field's values",
    );

    // Named people: only them, whatever their access to the task (they must see it).
    const named = await editorApi.put(`/custom_fields/${fieldGid}`, {
      reveal_access: "people",
      reveal_people: [bookkeeper.gid],
    });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    expect(named.body.data).toMatchObject({
      reveal_access: "people",
      reveal_people: [{ gid: bookkeeper.gid, resource_type: "user", name: "Bo Bookkeeper" }],
    });
    expect((await reveal(bookkeeperApi)).body.data.text_value).toBe("4921");
    expect(await refusal(editorApi)).toBe("custom_field: only the people named on this field may reveal its values");
    expect(await refusal(leadApi)).toMatch(/only the people named/);
    expect((await reveal(client(t, outsider.token))).status).toBe(404);
    // Someone the rule leaves out cannot widen it again.
    const widened = await editorApi.put(`/custom_fields/${fieldGid}`, { reveal_access: "editors" });
    expect(widened.status).toBe(403);
    expect(widened.body.errors[0].message).toMatch(/^reveal_access: only a workspace admin or someone who may reveal/);

    // Admins: workspace admins only. An admin may always change the rule.
    expect((await leadApi.put(`/custom_fields/${fieldGid}`, { reveal_access: "admins" })).body.data).toMatchObject({
      reveal_access: "admins",
      reveal_people: [],
    });
    expect((await reveal(leadApi)).body.data.text_value).toBe("4921");
    expect(await refusal(bookkeeperApi)).toBe("custom_field: only workspace admins may reveal this field's values");
    expect(await refusal(editorApi)).toMatch(/only workspace admins/);

    // Every reveal is in the audit log (three went through), none of the refusals.
    const audit = await leadApi.get(`/workspaces/${ws.gid}/audit_log_events?event_type=secret_revealed`);
    const mine = audit.body.data.filter((entry: any) => entry.resource.gid === fieldGid);
    expect(mine.map((entry: any) => entry.details.task.gid)).toEqual([
      task.body.data.gid,
      task.body.data.gid,
      task.body.data.gid,
    ]);
    expect(mine.map((entry: any) => entry.actor.gid).sort()).toEqual([editor.gid, bookkeeper.gid, lead.gid].sort());
  });

  it("names the field for bad reveal settings", async () => {
    const api = client(t, lead.token);
    const text = await api.post("/custom_fields", {
      workspace: ws.gid,
      name: "Plain",
      resource_subtype: "text",
      reveal_access: "admins",
    });
    expect(text.status).toBe(400);
    expect(text.body.errors[0].message).toBe("reveal_access: only secret fields have it");
    const base = { workspace: ws.gid, name: "Key", resource_subtype: "secret" };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ reveal_access: "everyone" }, /^reveal_access: /],
      [{ reveal_access: "people" }, /^reveal_people: Missing input/],
      [{ reveal_access: "people", reveal_people: [] }, /^reveal_people: name at least one person$/],
      [
        { reveal_access: "people", reveal_people: [outsider.gid, "99999"] },
        /^reveal_people: 99999 is not a person of this workspace$/,
      ],
      [{ reveal_access: "people", reveal_people: ["me"] }, /^reveal_people\.0: must be a gid/],
      [
        { reveal_access: "admins", reveal_people: [lead.gid] },
        /^reveal_people: only used when reveal_access is people$/,
      ],
    ];
    for (const [settings, message] of cases) {
      const answer = await api.post("/custom_fields", { ...base, ...settings });
      expect(answer.status, JSON.stringify(settings)).toBe(400);
      expect(answer.body.errors[0].message).toMatch(message);
    }
  });
});

describe("a task's fields across its projects", () => {
  it("lists its projects' fields in membership order, once each, then other values it holds, and hides what comes only through a project the reader cannot see", async () => {
    const api = client(t, lead.token);
    const agency = await makeProject(t, ws.gid, {
      name: "Agency board",
      privacy: "private",
      members: [{ user: lead, access: "admin" }],
    });
    const client_ = await makeProject(t, ws.gid, {
      name: "Client board",
      privacy: "public_to_workspace",
      members: [{ user: lead, access: "admin" }],
    });
    const made: Record<string, string> = {};
    for (const [name, resource_subtype] of [
      ["Stage", "text"],
      ["Hours", "number"],
      ["Region", "text"],
      ["Internal score", "number"],
    ] as const) {
      const answer = await api.post("/custom_fields", { workspace: ws.gid, name, resource_subtype });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      made[name] = answer.body.data.gid;
    }
    const settle = async (projectGid: string, names: string[]) => {
      for (const name of names) {
        const answer = await api.post(`/projects/${projectGid}/addCustomFieldSetting`, { custom_field: made[name] });
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      }
    };
    await settle(agency.gid, ["Stage", "Hours", "Internal score"]);
    await settle(client_.gid, ["Hours", "Region"]);
    const task = await api.post("/tasks", {
      name: "Landing page",
      projects: [agency.gid],
      custom_fields: { [made.Stage]: "Kickoff", [made.Hours]: 12, [made["Internal score"]]: 7 },
    });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    const gid = task.body.data.gid;
    expect((await api.post(`/tasks/${gid}/addProject`, { project: client_.gid })).status).toBe(200);
    expect((await api.put(`/tasks/${gid}`, { custom_fields: { [made.Region]: "EU" } })).status).toBe(200);
    // The agency stops tracking its score: the value stays on the task, outside any of its projects.
    expect(
      (await api.post(`/projects/${agency.gid}/removeCustomFieldSetting`, { custom_field: made["Internal score"] }))
        .status,
    ).toBe(200);

    const fieldsSeenBy = async (user: TestUser) => {
      const answer = await client(t, user.token).get(
        `/tasks/${gid}?opt_fields=custom_fields.name,custom_fields.display_value`,
      );
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.data.custom_fields.map((field: any) => [field.name, field.display_value]);
    };
    expect(await fieldsSeenBy(lead)).toEqual([
      ["Stage", "Kickoff"],
      ["Hours", "12"],
      ["Region", "EU"],
      ["Internal score", "7"],
    ]);
    // Someone who sees only the client's board: not the agency's own field, the rest as the lead sees it.
    expect(await fieldsSeenBy(outsider)).toEqual([
      ["Hours", "12"],
      ["Region", "EU"],
      ["Internal score", "7"],
    ]);
    // The same on the client board's list page.
    const page = await client(t, outsider.token).get(`/projects/${client_.gid}/tasks?opt_fields=custom_fields.name`);
    expect(page.body.data.map((row: any) => row.custom_fields.map((field: any) => field.name))).toEqual([
      ["Hours", "Region", "Internal score"],
    ]);
  });
});
