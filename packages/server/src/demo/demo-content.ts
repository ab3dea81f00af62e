// What the demo workspace holds, in English and Russian side by side: an agency that runs each client as a
// board (Onboarding → In work → QA → Done), with departments, curators, a client guest and regular meetings.

export type DemoLanguage = "en" | "ru";

export type PersonKey =
  | "ceo"
  | "curator"
  | "botLead"
  | "designer"
  | "developer"
  | "copywriter"
  | "qa"
  | "sales"
  | "hr"
  | "client";

export type TeamKey = "sales" | "marketing" | "production" | "hr" | "management";

export type ProjectKey =
  | "clientCafe"
  | "clientFitness"
  | "clientClinic"
  | "curatorBoard"
  | "designerBoard"
  | "leadership"
  | "pipeline"
  | "contentPlan"
  | "hiring"
  | "personal";

export interface DemoPerson {
  key: PersonKey;
  name: string;
  email: string;
  role: "admin" | "member" | "guest";
}

export interface DemoTeam {
  key: TeamKey;
  name: string;
  description: string;
  members: PersonKey[];
}

export interface DemoComment {
  by: PersonKey;
  text: string;
}

export interface DemoSubtask {
  name: string;
  assignee?: PersonKey;
  due?: number;
  completed?: boolean;
}

export interface DemoTask {
  name: string;
  notes?: string;
  /** Index into the project's sections. Tasks start in the first section and are moved here by `movedBy`. */
  section: number;
  assignee?: PersonKey;
  /** Due date in days from today: negative is overdue. */
  due?: number;
  completed?: boolean;
  /** Who drags the card out of the first section (default: the assignee, as in the agency's routine). */
  movedBy?: PersonKey;
  subtasks?: DemoSubtask[];
  comments?: DemoComment[];
  /** Other projects the same task lives in (multi-homing), each with its own section, added by `by`. */
  alsoIn?: { project: ProjectKey; section: number; by: PersonKey }[];
  /** A recurring task (domain/recurrence): completing it creates the next occurrence. */
  recurrence?: { rrule: string } | { every_n_days_after_completion: number };
}

export interface DemoProject {
  key: ProjectKey;
  team: TeamKey | null;
  owner: PersonKey;
  name: string;
  notes: string;
  color: string;
  defaultView: "board" | "list";
  privacy: "public_to_workspace" | "private";
  /** Extra members with their access (the owner joins as the creator). */
  members?: { who: PersonKey; access: "admin" | "editor" | "commenter" | "viewer" }[];
  sections: string[];
  tasks: DemoTask[];
}

export interface DemoContent {
  workspaceName: string;
  people: DemoPerson[];
  teams: DemoTeam[];
  projects: DemoProject[];
}

export const CLIENT_BOARD_KEYS: ProjectKey[] = ["clientCafe", "clientFitness", "clientClinic"];

// Days from `today` to the next given weekday (1 = Monday … 5 = Friday), never 0: "next Monday's planning".
export function daysUntilWeekday(weekday: number, today = new Date()): number {
  const diff = (weekday - today.getDay() + 7) % 7;
  return diff === 0 ? 7 : diff;
}

export function demoContent(language: DemoLanguage, today = new Date()): DemoContent {
  const L = (en: string, ru: string) => (language === "ru" ? ru : en);
  const monday = daysUntilWeekday(1, today);
  const friday = daysUntilWeekday(5, today);
  const clientBoard = [L("Onboarding", "Онбординг"), L("In work", "В работе"), "QA", L("Done", "Готово")];

  const people: DemoPerson[] = [
    { key: "ceo", name: L("Alex Morgan", "Алексей Иванов"), email: "admin@demo.takt", role: "admin" },
    { key: "curator", name: L("Emma Clarke", "Марина Соколова"), email: L("emma", "marina"), role: "member" },
    { key: "botLead", name: L("Daniel Hughes", "Дмитрий Орлов"), email: L("daniel", "dmitry"), role: "member" },
    { key: "designer", name: L("Olivia Bennett", "Анна Белова"), email: L("olivia", "anna"), role: "member" },
    { key: "developer", name: L("Ryan Foster", "Игорь Кузнецов"), email: L("ryan", "igor"), role: "member" },
    {
      key: "copywriter",
      name: L("Chloe Palmer", "Екатерина Лебедева"),
      email: L("chloe", "ekaterina"),
      role: "member",
    },
    { key: "qa", name: L("Tom Fletcher", "Сергей Волков"), email: L("tom", "sergey"), role: "member" },
    { key: "sales", name: L("Jessica Reed", "Ольга Новикова"), email: L("jessica", "olga"), role: "member" },
    { key: "hr", name: L("Laura Mitchell", "Наталья Смирнова"), email: L("laura", "natalia"), role: "member" },
    { key: "client", name: L("Mark Thompson", "Виктор Павлов"), email: "client@demo.takt", role: "guest" },
  ].map((person) => ({
    ...person,
    role: person.role as DemoPerson["role"],
    key: person.key as PersonKey,
    email: person.email.includes("@") ? person.email : `${person.email}@demo.takt`,
  }));

  const teams: DemoTeam[] = [
    {
      key: "sales",
      name: L("Sales", "Продажи"),
      description: L("Leads, proposals and contracts.", "Заявки, коммерческие предложения и договоры."),
      members: ["sales", "ceo"],
    },
    {
      key: "marketing",
      name: L("Marketing", "Маркетинг"),
      description: L("The agency's own content and events.", "Собственный контент и мероприятия агентства."),
      members: ["copywriter", "designer", "ceo"],
    },
    {
      key: "production",
      name: L("Production", "Производство"),
      description: L(
        "One client = one project. Curators watch deadlines, specialists move the cards.",
        "Один клиент — один проект. Кураторы следят за сроками, специалисты двигают карточки.",
      ),
      members: ["curator", "botLead", "designer", "developer", "copywriter", "qa", "ceo"],
    },
    {
      key: "hr",
      name: "HR",
      description: L("Hiring and onboarding of new people.", "Найм и онбординг новых сотрудников."),
      members: ["hr", "ceo"],
    },
    {
      key: "management",
      name: L("Management", "Управление"),
      description: L(
        "Leads of the agency: planning, budgets, regular meetings.",
        "Руководители: планы, бюджеты, регулярные встречи.",
      ),
      members: ["ceo", "curator", "botLead"],
    },
  ];

  const landingDesign: DemoTask = {
    name: L("Landing page design", "Дизайн лендинга"),
    notes: L(
      "Two concepts for the new menu landing page. Brand book and photos are in the brief.",
      "Два варианта главной страницы с новым меню. Брендбук и фотографии — в брифе.",
    ),
    section: 1,
    assignee: "designer",
    due: 3,
    subtasks: [
      { name: L("Moodboard", "Мудборд"), assignee: "designer", due: -2, completed: true },
      { name: L("Desktop mockup", "Макет для десктопа"), assignee: "designer", due: 2 },
      { name: L("Mobile mockup", "Мобильная версия"), assignee: "designer", due: 3 },
    ],
    comments: [
      {
        by: "designer",
        text: L(
          "Mark, I've attached two concepts: a warm one with wood textures and a minimal one. Which is closer to you?",
          "Виктор, прикрепила два варианта: тёплый с текстурой дерева и минималистичный. Какой вам ближе?",
        ),
      },
      {
        by: "client",
        text: L(
          "The warm one, definitely. Could we make the seasonal drinks block bigger?",
          "Однозначно тёплый. А можно сделать блок с сезонными напитками крупнее?",
        ),
      },
      {
        by: "curator",
        text: L(
          "Olivia, let's enlarge the seasonal block and show the client the desktop mockup by Thursday.",
          "Анна, увеличиваем сезонный блок и показываем клиенту десктоп до четверга.",
        ),
      },
    ],
    alsoIn: [
      { project: "curatorBoard", section: 1, by: "curator" },
      { project: "designerBoard", section: 1, by: "designer" },
    ],
  };

  const projects: DemoProject[] = [
    {
      key: "clientCafe",
      team: "production",
      owner: "curator",
      name: L("Brew & Bean — website and ads", "Кофейни «Зерно» — сайт и реклама"),
      notes: L(
        "Client: Brew & Bean coffee shops (Mark Thompson). Goal: new landing page with the menu and +30% orders from ads.",
        "Клиент: сеть кофеен «Зерно» (Виктор Павлов). Цель: новый лендинг с меню и +30% заказов из рекламы.",
      ),
      color: "dark-orange",
      defaultView: "board",
      privacy: "public_to_workspace",
      members: [{ who: "client", access: "commenter" }],
      sections: clientBoard,
      tasks: [
        {
          name: L("Get access to analytics and ad accounts", "Получить доступы к аналитике и рекламным кабинетам"),
          section: 0,
          assignee: "curator",
          due: -2,
          comments: [
            {
              by: "curator",
              text: L(
                "Mark, please add admin@demo.takt to Google Analytics and the ad account.",
                "Виктор, добавьте, пожалуйста, нас в Яндекс Метрику и рекламный кабинет Директа.",
              ),
            },
            {
              by: "client",
              text: L("Done for Analytics, the ad account tomorrow.", "Метрику открыл, кабинет Директа — завтра."),
            },
          ],
        },
        {
          name: L("Collect the brand book and photos", "Собрать брендбук и фотографии"),
          section: 0,
          assignee: "designer",
          due: 2,
        },
        {
          name: L("Sprint 2 report for the client", "Отчёт клиенту по второму спринту"),
          section: 0,
          assignee: "curator",
          due: 12,
        },
        landingDesign,
        {
          name: L("Landing page copy", "Тексты для лендинга"),
          notes: L(
            "Headline: Coffee worth waking up for.\nMenu: seasonal drinks, classics, breakfasts.\nLoyalty: every sixth cup is on us.\nContacts and opening hours.",
            "Заголовок: Кофе, ради которого стоит проснуться.\nМеню: сезонные напитки, классика, завтраки.\nЛояльность: каждая шестая чашка — в подарок.\nКонтакты и часы работы.",
          ),
          section: 1,
          assignee: "copywriter",
          due: 1,
          comments: [
            {
              by: "copywriter",
              text: L(
                "First draft is in the description: headline, menu, loyalty programme, contacts.",
                "Первый вариант в описании: заголовок, меню, программа лояльности, контакты.",
              ),
            },
            {
              by: "client",
              text: L(
                "Good! Please mention that we open at 7 am on weekdays.",
                "Хорошо! Добавьте, пожалуйста, что по будням мы открываемся в 7 утра.",
              ),
            },
          ],
        },
        {
          name: L("Ad campaign setup: search and maps", "Настройка рекламной кампании: поиск и карты"),
          section: 1,
          assignee: "curator",
          due: 5,
          subtasks: [
            { name: L("Keyword research", "Сбор семантики"), assignee: "copywriter", due: -1, completed: true },
            { name: L("Ad texts", "Тексты объявлений"), assignee: "copywriter", due: 4 },
            { name: L("Conversion goals", "Цели и конверсии"), assignee: "curator", due: 5 },
          ],
        },
        {
          name: L("Landing page development", "Вёрстка лендинга"),
          section: 1,
          assignee: "developer",
          due: 8,
        },
        {
          name: L("QA pass: menu page on mobile", "Проверка QA: страница меню на мобильных"),
          section: 2,
          assignee: "qa",
          due: 0,
          movedBy: "developer",
          comments: [
            {
              by: "qa",
              text: L(
                "On iPhone SE the prices wrap onto two lines. Ryan, can you take a look?",
                "На iPhone SE цены переносятся на две строки. Игорь, посмотришь?",
              ),
            },
          ],
        },
        {
          name: L("Project brief", "Бриф по проекту"),
          section: 3,
          assignee: "curator",
          due: -12,
          completed: true,
        },
        {
          name: L("Kick-off call with the client", "Установочный созвон с клиентом"),
          section: 3,
          assignee: "curator",
          due: -10,
          completed: true,
          comments: [
            {
              by: "client",
              text: L(
                "Thanks for the call! It's great to see every step of the project here.",
                "Спасибо за созвон! Здорово, что все этапы проекта видно прямо здесь.",
              ),
            },
          ],
        },
        {
          name: L("Sprint 1 report", "Отчёт по первому спринту"),
          section: 3,
          assignee: "curator",
          due: -3,
          completed: true,
        },
      ],
    },
    {
      key: "clientFitness",
      team: "production",
      owner: "curator",
      name: L("Northwind Fitness — lead generation", "Фитнес-клуб «Норд» — лидогенерация"),
      notes: L(
        "Client: Northwind Fitness. Goal: 300 trial sign-ups a month at a cost per lead under $8.",
        "Клиент: фитнес-клуб «Норд». Цель: 300 заявок на пробную тренировку в месяц, цена заявки до 600 ₽.",
      ),
      color: "dark-green",
      defaultView: "board",
      privacy: "public_to_workspace",
      sections: clientBoard,
      tasks: [
        {
          name: L("Analytics audit", "Аудит аналитики"),
          section: 0,
          assignee: "curator",
          due: 4,
        },
        {
          name: L("Competitor analysis", "Анализ конкурентов"),
          section: 0,
          assignee: "copywriter",
          due: 9,
        },
        {
          name: L("Free trial landing page", "Лендинг «Пробная тренировка бесплатно»"),
          section: 1,
          assignee: "developer",
          due: 6,
          subtasks: [
            { name: L("Sign-up form", "Форма записи"), assignee: "developer", due: 3 },
            { name: L("Schedule widget", "Виджет расписания"), assignee: "developer", due: 6 },
          ],
        },
        {
          name: L("Social media ad creatives", "Креативы для таргетированной рекламы"),
          section: 1,
          assignee: "designer",
          due: -1,
          comments: [
            {
              by: "curator",
              text: L(
                "Olivia, this is a day late: can we have the first three banners today?",
                "Анна, задача на день просрочена: сможем сегодня показать первые три баннера?",
              ),
            },
            {
              by: "designer",
              text: L("Yes, by 5 pm.", "Да, до 17:00 выложу."),
            },
          ],
        },
        {
          name: L("Welcome email chain", "Приветственная цепочка писем"),
          section: 1,
          assignee: "copywriter",
          due: 10,
        },
        {
          name: L("Check the lead form → CRM integration", "Проверить передачу заявок с формы в CRM"),
          section: 2,
          assignee: "qa",
          due: -1,
          movedBy: "developer",
        },
        {
          name: L("Brief and KPI agreement", "Бриф и согласование KPI"),
          section: 3,
          assignee: "curator",
          due: -14,
          completed: true,
        },
        {
          name: L("Kick-off call with the client", "Установочный созвон с клиентом"),
          section: 3,
          assignee: "curator",
          due: -11,
          completed: true,
        },
      ],
    },
    {
      key: "clientClinic",
      team: "production",
      owner: "botLead",
      name: L("CityDent clinic — voice robot", "Стоматология «СитиДент» — голосовой робот"),
      notes: L(
        "A voice robot that confirms appointments and reminds patients the day before. Goal: no-shows down by a third.",
        "Голосовой робот подтверждает записи и напоминает пациентам о визите накануне. Цель: на треть меньше неявок.",
      ),
      color: "dark-blue",
      defaultView: "board",
      privacy: "public_to_workspace",
      sections: clientBoard,
      tasks: [
        {
          name: L(
            "Collect call scenarios from the clinic's administrators",
            "Собрать сценарии звонков у администраторов клиники",
          ),
          section: 0,
          assignee: "botLead",
          due: -3,
        },
        {
          name: L("Get a test phone line", "Получить тестовый номер телефонии"),
          section: 0,
          assignee: "developer",
          due: 2,
        },
        {
          name: L("Bot script: appointment confirmation", "Скрипт бота: подтверждение записи"),
          notes: L(
            "The robot greets the patient, names the doctor and time, and asks to confirm, reschedule or cancel.",
            "Робот здоровается, называет врача и время приёма и просит подтвердить, перенести или отменить визит.",
          ),
          section: 1,
          assignee: "copywriter",
          due: 1,
          subtasks: [
            {
              name: L("Greeting and identification", "Приветствие и идентификация"),
              assignee: "copywriter",
              completed: true,
            },
            {
              name: L("Objection: “I'm busy, call later”", "Возражение «Я занят, перезвоните»"),
              assignee: "copywriter",
              due: 1,
            },
            { name: L("Transfer to an administrator", "Перевод на администратора"), assignee: "copywriter", due: 1 },
          ],
          comments: [
            {
              by: "botLead",
              text: L(
                "Chloe, keep every phrase under 12 seconds: patients hang up on long ones.",
                "Екатерина, держим каждую реплику короче 12 секунд: на длинных пациенты кладут трубку.",
              ),
            },
          ],
        },
        {
          name: L("Train intents on real dialogues", "Обучить интенты на реальных диалогах"),
          section: 1,
          assignee: "developer",
          due: 5,
        },
        {
          name: L("Integration with the clinic's booking system", "Интеграция с системой записи клиники"),
          section: 1,
          assignee: "developer",
          due: 9,
        },
        {
          name: L("Test calls: 50 calls to the staff", "Тестовые звонки: 50 звонков сотрудникам"),
          section: 2,
          assignee: "qa",
          due: 3,
          movedBy: "botLead",
          comments: [
            {
              by: "qa",
              text: L(
                "32 of 50 done. The robot mishears “Thursday” as “Tuesday” in 4 calls.",
                "Сделал 32 из 50. В 4 звонках робот путает «четверг» и «вторник».",
              ),
            },
            {
              by: "developer",
              text: L("Adding more examples to the date intent.", "Добавлю примеров в интент с датами."),
            },
          ],
        },
        {
          name: L("QA pass: dates and times recognition", "Проверка QA: распознавание дат и времени"),
          section: 2,
          assignee: "qa",
          due: 6,
          movedBy: "botLead",
        },
        {
          name: L("Brief and kick-off call", "Бриф и установочный созвон"),
          section: 3,
          assignee: "botLead",
          due: -9,
          completed: true,
        },
        {
          name: L("Contract and prepayment", "Договор и предоплата"),
          section: 3,
          assignee: "sales",
          due: -13,
          completed: true,
        },
      ],
    },
    {
      key: "curatorBoard",
      team: "production",
      owner: "curator",
      name: L("Emma's curator board", "Доска куратора — Марина"),
      notes: L("Everything Emma watches across her clients.", "Всё, что Марина держит на контроле по своим клиентам."),
      color: "light-purple",
      defaultView: "board",
      privacy: "public_to_workspace",
      sections: [
        L("Today", "Сделать сегодня"),
        L("On control", "На контроле"),
        L("Waiting for info", "Ждём информацию"),
      ],
      tasks: [
        {
          name: L("Call Brew & Bean about the ad budget", "Созвониться с «Зерном» по рекламному бюджету"),
          section: 0,
          assignee: "curator",
          due: 0,
        },
        {
          name: L("Northwind: confirm the trial offer terms", "«Норд»: уточнить условия пробной тренировки"),
          section: 2,
          assignee: "curator",
          due: 2,
          movedBy: "curator",
        },
      ],
    },
    {
      key: "designerBoard",
      team: "production",
      owner: "designer",
      name: L("Olivia's design board", "Доска дизайнера — Анна"),
      notes: L("Olivia's queue of design work.", "Очередь задач Анны по дизайну."),
      color: "light-pink",
      defaultView: "board",
      privacy: "public_to_workspace",
      sections: [L("Queue", "В очереди"), L("In progress", "В работе"), L("Review", "На проверке")],
      tasks: [
        {
          name: L("Agency website: new case study covers", "Сайт агентства: обложки для новых кейсов"),
          section: 0,
          assignee: "designer",
          due: 14,
        },
      ],
    },
    {
      key: "leadership",
      team: "management",
      owner: "ceo",
      name: L("Leadership board", "Задачи руководителя"),
      notes: L(
        "The CEO's board: what to do today, the regular meetings, what is coming and what is on control.",
        "Доска руководителя: дела на сегодня, регулярные встречи, что на подходе и что на контроле.",
      ),
      color: "dark-red",
      defaultView: "list",
      privacy: "public_to_workspace",
      sections: [
        L("Today", "Сделать сегодня"),
        L("Regular meetings", "Регулярные встречи"),
        L("Coming up", "На подходе"),
        L("On control", "На контроле"),
        L("Done", "Реализованные задачи"),
      ],
      tasks: [
        {
          name: L("Approve the quarterly budget", "Утвердить бюджет на квартал"),
          section: 0,
          assignee: "ceo",
          due: 0,
        },
        {
          name: L("Weekly planning: sprint goals", "Еженедельная планёрка: цели спринта"),
          notes: L("Every Monday at 10:00, the whole team.", "Каждый понедельник в 10:00, вся команда."),
          section: 1,
          assignee: "ceo",
          due: monday,
          movedBy: "ceo",
          recurrence: { rrule: "FREQ=WEEKLY;BYDAY=MO" },
        },
        {
          name: L("Sprint retrospective", "Ретроспектива спринта"),
          notes: L(
            "Fridays at 16:00: what went well, what to change, one improvement for the next sprint.",
            "По пятницам в 16:00: что получилось, что поменять, одно улучшение на следующий спринт.",
          ),
          section: 1,
          assignee: "ceo",
          due: friday,
          movedBy: "ceo",
          recurrence: { rrule: "FREQ=WEEKLY;BYDAY=FR" },
        },
        {
          name: L("1:1 with Emma", "Встреча 1:1 с Мариной"),
          section: 1,
          assignee: "ceo",
          due: daysUntilWeekday(2, today),
          movedBy: "ceo",
          recurrence: { rrule: "FREQ=WEEKLY;BYDAY=TU" },
        },
        {
          name: L("1:1 with Daniel", "Встреча 1:1 с Дмитрием"),
          section: 1,
          assignee: "ceo",
          due: daysUntilWeekday(3, today),
          movedBy: "ceo",
          recurrence: { rrule: "FREQ=WEEKLY;BYDAY=WE" },
        },
        {
          name: L("Sales pipeline review", "Разбор воронки продаж"),
          section: 1,
          assignee: "sales",
          due: daysUntilWeekday(4, today),
          movedBy: "ceo",
          recurrence: { rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH" },
        },
        {
          name: L("Launch a partner programme", "Запустить партнёрскую программу"),
          section: 2,
          assignee: "ceo",
          due: 30,
          movedBy: "ceo",
        },
        {
          name: L("Hire a junior designer", "Нанять младшего дизайнера"),
          section: 3,
          assignee: "hr",
          due: 21,
          movedBy: "ceo",
        },
        {
          name: L("Move all projects to Takt", "Перенести все проекты в Takt"),
          section: 4,
          assignee: "ceo",
          due: -7,
          completed: true,
          movedBy: "ceo",
        },
      ],
    },
    {
      key: "pipeline",
      team: "sales",
      owner: "sales",
      name: L("Sales pipeline", "Воронка продаж"),
      notes: L(
        "Qualified leads become client projects in Production.",
        "Квалифицированные заявки становятся клиентскими проектами в Производстве.",
      ),
      color: "dark-teal",
      defaultView: "board",
      privacy: "public_to_workspace",
      sections: [
        L("Leads", "Лиды"),
        L("Qualified", "Квалифицированы"),
        L("Proposal", "КП отправлено"),
        L("Won", "Выиграно"),
      ],
      tasks: [
        {
          name: L("GreenLeaf flower shop — website request", "Цветочный «Зелёный лист» — заявка на сайт"),
          section: 0,
          assignee: "sales",
          due: 1,
        },
        {
          name: L("AutoPro car service — ads", "Автосервис «АвтоПро» — реклама"),
          section: 0,
          assignee: "sales",
          due: -1,
        },
        {
          name: L("Sunrise Hotel — booking robot", "Отель «Рассвет» — робот для бронирования"),
          section: 1,
          assignee: "sales",
          due: 3,
        },
        {
          name: L("Bright Kids school — lead generation", "Школа «Умка» — лидогенерация"),
          section: 2,
          assignee: "sales",
          due: 2,
          comments: [
            {
              by: "ceo",
              text: L(
                "Offer them a two-week sprint first, then a monthly retainer.",
                "Предложи сначала двухнедельный спринт, потом абонентское обслуживание.",
              ),
            },
          ],
        },
        {
          name: L("Northwind Fitness — lead generation", "Фитнес-клуб «Норд» — лидогенерация"),
          section: 3,
          assignee: "sales",
          due: -15,
          completed: true,
        },
        {
          name: L("CityDent — voice robot", "«СитиДент» — голосовой робот"),
          section: 3,
          assignee: "sales",
          due: -16,
          completed: true,
        },
      ],
    },
    {
      key: "contentPlan",
      team: "marketing",
      owner: "copywriter",
      name: L("Content plan", "Контент-план"),
      notes: L("The agency's blog, newsletter and webinars.", "Блог агентства, рассылка и вебинары."),
      color: "light-orange",
      defaultView: "list",
      privacy: "public_to_workspace",
      sections: [
        L("Ideas", "Идеи"),
        L("Writing", "Пишем"),
        L("Scheduled", "Запланировано"),
        L("Published", "Опубликовано"),
      ],
      tasks: [
        {
          name: L(
            "Article: how clients follow their project in real time",
            "Статья: как клиент следит за проектом в реальном времени",
          ),
          section: 0,
          assignee: "copywriter",
          due: 20,
        },
        {
          name: L("Case study: CityDent cut no-shows by a third", "Кейс: «СитиДент» сократил неявки на треть"),
          section: 1,
          assignee: "copywriter",
          due: 4,
          comments: [
            {
              by: "botLead",
              text: L("I'll send the call statistics by Wednesday.", "Пришлю статистику звонков до среды."),
            },
          ],
        },
        {
          name: L("Webinar: Scrum for agencies", "Вебинар «Scrum в агентстве»"),
          section: 2,
          assignee: "ceo",
          due: 11,
          movedBy: "copywriter",
        },
        {
          name: L("Monthly newsletter", "Ежемесячная рассылка"),
          section: 3,
          assignee: "copywriter",
          due: -4,
          completed: true,
        },
      ],
    },
    {
      key: "hiring",
      team: "hr",
      owner: "hr",
      name: L("Hiring", "Найм"),
      notes: L(
        "Open positions and the onboarding chain for new people.",
        "Открытые вакансии и цепочка онбординга новых сотрудников.",
      ),
      color: "dark-purple",
      defaultView: "board",
      privacy: "public_to_workspace",
      sections: [
        L("Open positions", "Вакансии"),
        L("Interviews", "Собеседования"),
        L("Offer", "Оффер"),
        L("Onboarding", "Онбординг"),
      ],
      tasks: [
        {
          name: L("Junior designer", "Младший дизайнер"),
          section: 0,
          assignee: "hr",
          due: 21,
        },
        {
          name: L("Interview: QA engineer candidate", "Собеседование: кандидат на QA-инженера"),
          section: 1,
          assignee: "hr",
          due: 2,
          comments: [
            {
              by: "qa",
              text: L("I'll join for the technical part.", "Подключусь на техническую часть."),
            },
          ],
        },
        {
          name: L("Offer: middle developer", "Оффер: разработчик middle"),
          section: 2,
          assignee: "hr",
          due: -1,
        },
        {
          name: L("Onboarding: new copywriter", "Онбординг: новый копирайтер"),
          notes: L(
            "The onboarding chain: each step unlocks the next one.",
            "Цепочка онбординга: каждый шаг открывает следующий.",
          ),
          section: 3,
          assignee: "hr",
          due: 7,
          subtasks: [
            { name: L("Accounts and access", "Учётные записи и доступы"), assignee: "hr", due: -2, completed: true },
            { name: L("Read the copywriting standards", "Изучить стандарты копирайтера"), due: 1 },
            { name: L("Meet the curators", "Познакомиться с кураторами"), assignee: "curator", due: 3 },
            { name: L("First task with a mentor", "Первая задача с наставником"), assignee: "copywriter", due: 7 },
          ],
        },
      ],
    },
    {
      key: "personal",
      team: null,
      owner: "ceo",
      name: L("My to-dos", "Мои дела"),
      notes: L("Only I see this list.", "Этот список вижу только я."),
      color: "light-green",
      defaultView: "list",
      privacy: "private",
      sections: [L("Today", "Сегодня"), L("Later", "Позже")],
      tasks: [
        {
          name: L("Prepare the quarterly review for the partners", "Подготовить квартальный отчёт для партнёров"),
          section: 0,
          assignee: "ceo",
          due: 0,
        },
        {
          name: L("Book tickets to the marketing conference", "Купить билеты на маркетинговую конференцию"),
          section: 1,
          assignee: "ceo",
          due: 10,
          movedBy: "ceo",
        },
        {
          name: L("Reread “Scrum” by Jeff Sutherland", "Перечитать «Scrum» Джеффа Сазерленда"),
          section: 1,
          assignee: "ceo",
          movedBy: "ceo",
        },
      ],
    },
  ];

  return { workspaceName: L("Takt Agency", "Агентство «Такт»"), people, teams, projects };
}
