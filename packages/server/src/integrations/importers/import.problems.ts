import type { ErrorParams } from "../../errors.ts";

// What an import says about a file: a refusal, a row that stops it, or a note on what it left out or changed.
// Each is a stable code with its values; `message` is its English wording, for the API, the command line and the
// logs. The web app words the code in its reader's language (i18n key `importProblem.<code>`), so a Russian
// importer reads Russian whatever language the job ran in.
export interface ImportProblem {
  code: ImportProblemCode;
  params: ErrorParams;
  message: string;
  // The request field a refusal names (file, mapping.name, columns.Priority, token, url…).
  field?: string;
}

// English wording of every code, with {{name}} for its values (as the web app's translations write them).
export const IMPORT_PROBLEMS = {
  // Refusals of a file or an account.
  json_not_utf8: "is not UTF-8 text: a JSON export is always UTF-8",
  json_invalid: "{{entry}}is not valid JSON: line {{line}}, column {{column}}, at {{near}}",
  json_cut_off: "{{entry}}is not valid JSON: it ends too early (is it cut off?)",
  json_unreadable: "{{entry}}is not valid JSON: it cannot be read",
  damaged_zip: "is a damaged zip ({{reason}})",
  csv_not_utf8: "is not UTF-8 text, though UTF-8 was chosen; choose automatic detection",
  csv_unknown_encoding:
    "its text encoding could not be recognised; save it as CSV UTF-8 in your spreadsheet and upload it again",
  csv_unclosed_quote: "line {{line}}: a quoted field is never closed",
  csv_empty: "is empty: expected a header row and task rows",
  csv_no_such_column: "the file has no such column (columns: {{columns}})",
  csv_no_column: 'the file has no column "{{column}}" (columns: {{columns}})',
  csv_bad_target: "must be a task field ({{fields}}), a custom field type ({{types}}) or skip",
  csv_target_taken: "another column already fills {{target}}",
  csv_name_column: "name which column holds the task names (columns: {{columns}})",
  trello_no_board: "holds no Trello board export ({{reasons}})",
  trello_zip_without_board: "is a zip without a Trello board export (.json) in it",
  trello_not_board: "is not a Trello board export: expected an object with id, lists and cards",
  asana_not_export: 'is not an Asana export: expected an object of the form {"data": [tasks]}',
  chat_not_chat: "{{source}} is not a chat import",
  telegram_zip_without_result: "is a zip without a Telegram export's result.json in it",
  telegram_account_export: "is a whole account's export; export one chat (Export chat history) instead",
  telegram_not_chat: "is not a Telegram chat export: expected result.json with name, id and messages",
  slack_not_zip: "is not a Slack export zip ({{reason}})",
  slack_missing_files: "is not a Slack export: users.json and channels.json are missing from the zip",
  asana_api_not_file: "asana_api reads an account, not a file",
  upload_gone: "the uploaded file is no longer stored; upload it again",
  importer_gone: "the person who started this import no longer exists",
  asana_api_no_workspace: "the account has no workspace {{workspace}} (it has: {{names}})",
  asana_api_several_workspaces: "the account has several workspaces; name one of: {{names}}",
  asana_api_token_missing: "is missing; start the import again with the token",
  asana_api_private_address: "{{host}} is a private or loopback address, which imports may not reach",
  asana_api_not_json: "GET {{path}} answered {{status}} with something that is not JSON",
  asana_api_token_refused: "was refused by {{host}}: {{reason}}",
  asana_api_answered: "GET {{path}} answered {{status}}: {{reason}}",
  asana_api_not_object: "GET {{path}} did not answer an object",
  asana_api_not_list: "GET {{path}} did not answer a list",
  asana_api_too_large: "GET {{path}} answered more than 20 MB",
  asana_api_timeout: "{{host}} did not answer within {{seconds}} s",
  asana_api_unreachable: "{{host}} could not be reached ({{reason}})",
  cli_file_required: "is required: --file F",
  cli_map_syntax: '"{{entry}}" is not NAME=TARGET',
  cli_map_nobody: 'nobody called "{{name}}" comes with this import',
  cli_map_not_member: "{{target}} is not a member of this workspace",
  cli_trello_key: "a Trello import downloads files with both --trello-key and --token",
  // Rows that stop an import.
  asana_task_without_gid: "data: a task without a gid ({{name}})",
  telegram_message_without_id: "messages: a message without an id",
  slack_not_messages: "{{path}}: is not a list of messages",
  slack_no_channel: "channels.json: names no channel",
  csv_ragged_line: "line {{line}}: has {{cells}} fields, the header has {{columns}}",
  csv_empty_name: 'line {{line}}: the task name (column "{{column}}") is empty',
  csv_bad_due: 'line {{line}}: due date "{{value}}" is not a date',
  csv_bad_start: 'line {{line}}: start date "{{value}}" is not a date',
  csv_bad_value: 'line {{line}}: "{{value}}" in column "{{column}}" is not a {{type}}',
  csv_parent_missing: 'line {{line}}: parent task "{{parent}}" is not on an earlier line',
  trello_card_without_id: "cards[{{index}}]: a card without an id ({{name}})",
  // Notes: what an import left out or changed, said once it is done.
  csv_column_skipped: 'column "{{column}}": skipped as chosen',
  csv_column_empty: 'column "{{column}}": empty, nothing to import',
  csv_unnamed_column_skipped: "column {{index}} (no name): skipped as chosen",
  csv_unnamed_column_empty: "column {{index}} (no name): empty, nothing to import",
  csv_due_time: 'line {{line}}: due "{{value}}" is imported as the date {{date}}; the time {{time}} is in the notes',
  csv_text_too_long:
    'line {{line}}: "{{field}}" is longer than {{max}} characters; the whole text is in the task\'s notes',
  asana_secret_field: "custom field {{field}}: secret values are not imported",
  asana_field_type: "custom field {{field}}: fields of type {{type}} are not imported",
  trello_field_type: "custom field {{field}}: Trello fields of type {{type}} are not imported",
  file_too_large_link: "attachment {{file}} on {{task}}: larger than the upload limit of {{limit}}; imported as a link",
  file_too_large_left_out: "attachment {{file}} on {{task}}: larger than the upload limit of {{limit}}; left out",
  download_failed_link: "attachment {{file}} on {{task}}: could not be downloaded ({{reason}}); imported as a link",
  download_failed_left_out: "attachment {{file}} on {{task}}: could not be downloaded ({{reason}}); left out",
  trello_files_linked:
    "attachments: {{count}} file(s) uploaded to Trello were imported as links; give a Trello API key and token, or import the board's export zip with its files, to bring them as files",
  asana_files_linked:
    "attachments: {{count}} file(s) uploaded to Asana were imported as links; the migration from Asana's API (asana_api) brings them as files",
  asana_api_no_projects: "workspace {{workspace}}: has no projects",
  invitation_failed: "invitation to {{email}}: {{reason}}",
  person_not_in_workspace: "{{person}}: the chosen person is not in this workspace",
  person_outside_workspace: "{{person}}: has an account outside this workspace; invite them, then merge",
  field_as_text: "custom field {{field}}: the workspace's text field of that name holds the values as text",
  field_renamed: "custom field {{field}}: the workspace has a field of that name of another type; imported as {{name}}",
  field_limit: "custom field {{field}}: the project holds at most {{max}} fields",
  field_precision: "custom field {{field}}: shows {{precision}} decimals now, as the file's values have",
  field_options_limit: "custom field {{field}}: a field holds at most 500 options",
  field_value_unmatched: "custom field {{field}}: a value that matches no option or person was left out",
  field_value_refused: "custom field {{field}}: {{reason}}",
  // A line an import stored before problems had codes.
  text: "{{text}}",
} as const;

export type ImportProblemCode = keyof typeof IMPORT_PROBLEMS;

export function problem(code: ImportProblemCode, params: ErrorParams = {}): ImportProblem {
  const message = IMPORT_PROBLEMS[code].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ""));
  return { code, params, message };
}

// Each problem once, at most `limit` of them.
export function distinct(problems: ImportProblem[], limit = 50): ImportProblem[] {
  const seen = new Set<string>();
  return problems.filter((item) => !seen.has(item.message) && seen.add(item.message)).slice(0, limit);
}

// The problems an import row holds: coded ones, or the plain English lines rows written before codes hold.
export function storedProblems(json: string): ImportProblem[] {
  const stored = JSON.parse(json) as (ImportProblem | string)[];
  return stored.map((item) =>
    typeof item === "string" ? { code: "text", params: { text: item }, message: item } : item,
  );
}

// As the API gives a problem: its code, values and English wording.
export const detailOf = (item: ImportProblem) => ({ code: item.code, params: item.params, message: item.message });
