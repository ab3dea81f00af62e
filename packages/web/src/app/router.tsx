import { createBrowserRouter, Navigate } from "react-router";
import { InvitePage } from "../features/auth/InvitePage";
import { SetupPage } from "../features/auth/SetupPage";
import { SignInPage } from "../features/auth/SignInPage";
import { CrmPage } from "../features/crm/CrmPage";
import { HomePage } from "../features/home/HomePage";
import { ImportPage } from "../features/imports/ImportPage";
import { InboxPage } from "../features/inbox/InboxPage";
import { MyTasksPage } from "../features/my-tasks/MyTasksPage";
import { FormPage } from "../features/portal/FormPage";
import { ProfilePage } from "../features/profile/ProfilePage";
import { TokensPage } from "../features/profile/TokensPage";
import { ProjectPage } from "../features/projects/ProjectPage";
import { ReportsPage } from "../features/reports/ReportsPage";
import { SearchPage } from "../features/search/SearchPage";
import { TemplateGallery } from "../features/templates/TemplateGallery";
import { TimesheetPage } from "../features/time/TimesheetPage";
import { WebhooksPage } from "../features/webhooks/WebhooksPage";
import { AuthGate } from "./AuthGate";
import { Shell } from "./Shell";

export const router = createBrowserRouter([
  { path: "/setup", element: <SetupPage /> },
  { path: "/login", element: <SignInPage /> },
  { path: "/invite/:token", element: <InvitePage /> },
  { path: "/forms/:formGid", element: <FormPage /> },
  {
    path: "/",
    element: (
      <AuthGate>
        <Shell />
      </AuthGate>
    ),
    children: [
      { index: true, element: <HomePage /> },
      { path: "my-tasks", element: <MyTasksPage /> },
      { path: "my-tasks/tasks/:taskGid", element: <MyTasksPage /> },
      { path: "inbox", element: <InboxPage /> },
      { path: "inbox/tasks/:taskGid", element: <InboxPage /> },
      { path: "projects/:projectGid", element: <ProjectPage /> },
      { path: "projects/:projectGid/tasks/:taskGid", element: <ProjectPage /> },
      { path: "search", element: <SearchPage /> },
      { path: "reports", element: <ReportsPage /> },
      { path: "templates", element: <TemplateGallery /> },
      { path: "timesheet", element: <TimesheetPage /> },
      { path: "settings/webhooks", element: <WebhooksPage /> },
      { path: "settings/import", element: <ImportPage /> },
      { path: "settings/crm", element: <CrmPage /> },
      { path: "profile", element: <ProfilePage /> },
      { path: "profile/tokens", element: <TokensPage /> },
      { path: "*", element: <Navigate to="/" replace /> },
    ],
  },
]);
