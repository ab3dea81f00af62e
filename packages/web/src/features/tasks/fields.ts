// The fields the app asks for with tasks and stories (opt_fields), one list per shape it shows.
export const TASK_ROW_FIELDS =
  "name,completed,assignee.name,due_on,start_on,num_subtasks,num_comments,memberships.project.name,memberships.section.name,created_at,resource_subtype,approval_status,custom_fields,tags.name,tags.color,dependencies.name,dependents.name,permissions";
export const TASK_DETAIL_FIELDS = `${TASK_ROW_FIELDS},notes,html_notes,followers.name,parent.name,created_by.name,modified_at,workspace.name`;
export const SUBTASK_FIELDS = "name,completed,resource_subtype,approval_status,assignee.name,due_on,permissions";
export const STORY_FIELDS =
  "created_at,created_by.name,type,resource_subtype,text,html_text,new_section.name,old_section.name,assignee.name,new_name,old_name,project.name,task.name,follower.name,dependency.name,custom_field.name,new_display_value,new_dates,new_resource_subtype,new_approval_status,duration_minutes,is_editable,is_edited,liked,num_likes,likes.user.name";
