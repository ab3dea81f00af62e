// The fields the app asks for with tasks and stories (opt_fields), one list per shape it shows.
// A row's field values without their definitions' option lists (the same list on every task of a page): editing
// a value takes the options from the project's field settings (or from the pane's whole values).
const ROW_VALUE_KEYS = [
  "name",
  "resource_subtype",
  "type",
  "display_value",
  "text_value",
  "number_value",
  "enum_value",
  "multi_enum_values",
  "date_value",
  "people_value",
  "precision",
  "format",
  "currency_code",
  "custom_label",
  "custom_label_position",
  "is_value_read_only",
];
export const TASK_ROW_FIELDS = `name,completed,assignee.name,due_on,start_on,num_subtasks,num_comments,memberships.project.name,memberships.section.name,created_at,resource_subtype,approval_status,${ROW_VALUE_KEYS.map((key) => `custom_fields.${key}`).join(",")},tags.name,tags.color,dependencies.name,dependents.name,permissions`;
export const TASK_DETAIL_FIELDS = `${TASK_ROW_FIELDS},custom_fields,notes,html_notes,followers.name,parent.name,created_by.name,modified_at,workspace.name`;
export const SUBTASK_FIELDS = "name,completed,resource_subtype,approval_status,assignee.name,due_on,permissions";
export const STORY_FIELDS =
  "created_at,created_by.name,type,resource_subtype,text,html_text,new_section.name,old_section.name,assignee.name,new_name,old_name,project.name,task.name,follower.name,dependency.name,custom_field.name,new_display_value,new_dates,new_resource_subtype,new_approval_status,duration_minutes,rule.name,rule_steps,is_editable,is_edited,liked,num_likes,likes.user.name";
