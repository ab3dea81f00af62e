// The projects feature's query keys: the project lists, one project, its board (sections with their tasks).
export const projectKeys = {
  lists: ["projects"] as const,
  list: (workspace: string) => ["projects", workspace] as const,
  detail: (gid: string) => ["project", gid] as const,
  boards: ["board"] as const,
  board: (gid: string) => ["board", gid] as const,
  sections: (gid: string) => ["sections", gid] as const,
};

export const PROJECT_LIST_FIELDS = "name,color,team.name,privacy_setting,default_view,archived";
export const PROJECT_FIELDS = `${PROJECT_LIST_FIELDS},notes,owner.name,scrum_enabled,permissions`;
export const SECTION_FIELDS = "name,marks_complete,permissions";
