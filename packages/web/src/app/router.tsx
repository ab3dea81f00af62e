import type { ReactElement } from "react";
import { createBrowserRouter } from "react-router";
import { NotFound } from "../components/NotFound";
import { SignInPage } from "../features/auth/SignInPage";
import { loadPageTexts } from "../i18n";
import { AuthGate } from "./AuthGate";
import { lazyPage } from "./lazy";
import { RouteError } from "./RouteError";
import { Shell } from "./Shell";

// Every page but sign-in loads on first use, in its own chunk (keeps the first download small).
const InvitePage = lazyPage(() => import("../features/auth/InvitePage"), "InvitePage");
const ForgotPasswordPage = lazyPage(() => import("../features/auth/ForgotPasswordPage"), "ForgotPasswordPage");
const ResetPasswordPage = lazyPage(() => import("../features/auth/ResetPasswordPage"), "ResetPasswordPage");
const AuditLogPage = lazyPage(() => import("../features/audit/AuditLogPage"), "AuditLogPage");
const ServerEmailPage = lazyPage(() => import("../features/server/ServerEmailPage"), "ServerEmailPage");
const SetupPage = lazyPage(() => import("../features/auth/SetupPage"), "SetupPage");
const CrmPage = lazyPage(() => import("../features/crm/CrmPage"), "CrmPage");
const HomePage = lazyPage(() => import("../features/home/HomePage"), "HomePage");
// The import page's texts load with it (i18n/index.ts).
const ImportPage = lazyPage(
  () => Promise.all([import("../features/imports/ImportPage"), loadPageTexts("imports")]).then(([module]) => module),
  "ImportPage",
);
const InboxPage = lazyPage(() => import("../features/inbox/InboxPage"), "InboxPage");
const MyTasksPage = lazyPage(() => import("../features/my-tasks/MyTasksPage"), "MyTasksPage");
const FormPage = lazyPage(() => import("../features/portal/FormPage"), "FormPage");
const ProfilePage = lazyPage(() => import("../features/profile/ProfilePage"), "ProfilePage");
const TokensPage = lazyPage(() => import("../features/profile/TokensPage"), "TokensPage");
const ProjectPage = lazyPage(() => import("../features/projects/ProjectPage"), "ProjectPage");
const ReportsPage = lazyPage(() => import("../features/reports/ReportsPage"), "ReportsPage");
const SearchPage = lazyPage(() => import("../features/search/SearchPage"), "SearchPage");
const TemplateGallery = lazyPage(() => import("../features/templates/TemplateGallery"), "TemplateGallery");
const TimesheetPage = lazyPage(() => import("../features/time/TimesheetPage"), "TimesheetPage");
const PortfoliosPage = lazyPage(() => import("../features/portfolios/PortfoliosPage"), "PortfoliosPage");
const PortfolioPage = lazyPage(() => import("../features/portfolios/PortfolioPage"), "PortfolioPage");
const GoalsPage = lazyPage(() => import("../features/goals/GoalsPage"), "GoalsPage");
const GoalPage = lazyPage(() => import("../features/goals/GoalPage"), "GoalPage");
const BillingPage = lazyPage(() => import("../features/billing/BillingPage"), "BillingPage");
const WebhooksPage = lazyPage(() => import("../features/webhooks/WebhooksPage"), "WebhooksPage");
const PeoplePage = lazyPage(() => import("../features/people/PeoplePage"), "PeoplePage");
const TeamPage = lazyPage(() => import("../features/teams/TeamPage"), "TeamPage");
const TrashPage = lazyPage(() => import("../features/trash/TrashPage"), "TrashPage");

// A page that fails to draw shows the app's own error page (RouteError), never the router's developer screen.
export const router = createBrowserRouter([
  { path: "/setup", element: <SetupPage />, errorElement: <RouteError /> },
  { path: "/login", element: <SignInPage />, errorElement: <RouteError /> },
  { path: "/invite/:token", element: <InvitePage />, errorElement: <RouteError /> },
  { path: "/forgot-password", element: <ForgotPasswordPage />, errorElement: <RouteError /> },
  { path: "/reset-password/:token", element: <ResetPasswordPage />, errorElement: <RouteError /> },
  { path: "/forms/:formGid", element: <FormPage />, errorElement: <RouteError /> },
  {
    path: "/",
    element: (
      <AuthGate>
        <Shell />
      </AuthGate>
    ),
    errorElement: <RouteError />,
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
      { path: "portfolios", element: <PortfoliosPage /> },
      { path: "portfolios/:portfolioGid", element: <PortfolioPage /> },
      { path: "goals", element: <GoalsPage /> },
      { path: "goals/:goalGid", element: <GoalPage /> },
      { path: "billing", element: <BillingPage /> },
      { path: "settings/webhooks", element: <WebhooksPage /> },
      { path: "settings/import", element: <ImportPage /> },
      { path: "settings/crm", element: <CrmPage /> },
      { path: "settings/audit-log", element: <AuditLogPage /> },
      { path: "settings/email", element: <ServerEmailPage /> },
      { path: "profile", element: <ProfilePage /> },
      { path: "profile/tokens", element: <TokensPage /> },
      { path: "people", element: <PeoplePage /> },
      { path: "teams/:teamGid", element: <TeamPage /> },
      { path: "trash", element: <TrashPage /> },
      { path: "*", element: <NotFound /> },
    ].map((route) => ({ ...route, errorElement: <RouteError /> })),
  },
]);

// The page the address names starts loading with the app, not after its first render (a project's page is usually
// there already: the boot module asked for it).
for (const match of router.state.matches) {
  const page = (match.route.element as ReactElement | undefined)?.type as { preload?: () => void } | undefined;
  page?.preload?.();
}
