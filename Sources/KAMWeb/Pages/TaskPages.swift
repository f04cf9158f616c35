import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct TasksPageModel: Sendable {
    var rows: [(task: TaskItem, canChange: Bool)]
    /// Set when the page lists one account's tasks (and new tasks go to it).
    var account: Account?
    var status: TaskStatus?
    var ownerID: UserID?
    var owners: [(id: UserID, name: String)]
    var canCreate: Bool
    var form: FormState
    var today: CalendarDate
}

extension PageHandlers {
    /// "My tasks" — or one account's tasks, or (for a director) a team member's.
    func tasksPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        var form = FormState()
        form.values["ownerID"] = String(session.user.id)
        form.values["dueOn"] = store.today().adding(days: 7).description
        return Pages.response(try await renderTasks(request, form: form, session: session, context: context))
    }

    func createTaskFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let input = Inputs.task(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: nil, defaultOwner: session.user.id)
        do {
            let made = try await store.tasks.create(input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(made.accountID.map(Paths.accountTasks) ?? Paths.tasks)
        } catch {
            let (failed, _) = try FormState.failed(error, form: pairs, version: nil, Catalog(context.language))
            return Pages.response(try await renderTasks(request, form: failed, session: session, context: context, account: input.value.accountID),
                                  status: .unprocessableContent)
        }
    }

    /// A row's own form: the status (done, cancelled, open again) and the due date.
    func updateTaskFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let current = try await store.tasks.get(id, caller: session.caller)
        let version = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        let input = Inputs.task(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: current.draft,
                                defaultOwner: current.ownerID)
        let back = FormBody.value(pairs, "_back") == "account" ? current.accountID.map(Paths.accountTasks) ?? Paths.tasks : Paths.tasks
        do {
            _ = try await store.tasks.update(id, input.value, expectedVersion: version, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(back)
        } catch {
            var (failed, _) = try FormState.failed(error, form: [], version: nil, Catalog(context.language))
            failed.generalError = failed.generalError ?? failed.errors.values.flatMap { $0 }.joined(separator: " ")
            return Pages.response(try await renderTasks(request, form: failed, session: session, context: context), status: .unprocessableContent)
        }
    }

    func renderTasks(_ request: Request, form: FormState, session: SignedInSession, context: AppContext, account accountID: AccountID? = nil)
        async throws -> HTML {
        var issues: [FieldIssue] = []
        let accountID = accountID ?? APISupport.intParameter(request, "account", &issues)
        let statusText = APISupport.query(request, "status") ?? "open"
        let status = statusText == "all" ? nil : TaskStatus(rawValue: statusText) ?? .open
        let ownerID = accountID == nil ? APISupport.intParameter(request, "owner", &issues) ?? session.user.id : nil
        let account = try await accountID.asyncMap { try await store.accounts.get($0, caller: session.caller) }
        let rows = try await store.tasks.rows(TaskFilter(ownerID: ownerID, accountID: accountID, status: status, limit: 500), caller: session.caller)
        let policy = session.caller.policy
        let canCreate = account.map { policy.mayEditAnything && policy.canEdit($0) } ?? policy.canSetPersonalTask(for: session.user.id)
        var owners = try await store.users.ownerChoices(visibleTo: session.caller)
        // A personal task is for oneself, or (directors) someone in one's team: offer no one else.
        if account == nil { owners = owners.filter { policy.canSetPersonalTask(for: $0.id) } }
        let model = TasksPageModel(rows: rows, account: account, status: status, ownerID: ownerID, owners: owners, canCreate: canCreate, form: form,
                                   today: store.today())
        return TasksView.render(Catalog(context.language), model, session: session)
    }
}

enum TasksView {
    static func render(_ t: Catalog, _ m: TasksPageModel, session: SignedInSession) -> HTML {
        let title = m.account.map { t.text("task.account_title", $0.name) } ?? t.text("task.title")
        return Pages.layout(t, title: title, session: session) {
            h1 { title }
            if let account = m.account { p { a(.href(Paths.account(account.id))) { t.text("purchases.back") } } }
            if let error = m.form.generalError { p(.class("form-error"), .role("alert")) { error } }
            filter(t, m)
            if m.rows.isEmpty { p(.class("muted"), .id("no-tasks")) { t.text("task.none") } } else {
                table(.id("tasks")) {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("task.due") }; th(.scope("col")) { t.text("task.task") }
                            th(.scope("col")) { t.text("task.account") }; th(.scope("col")) { t.text("task.owner") }
                            th(.scope("col")) { t.text("task.from") }; th(.scope("col")) { t.text("task.status") }
                        }
                    }
                    tbody {
                        for (task, canChange) in m.rows { row(t, m, task, canChange: canChange, csrf: session.csrfToken) }
                    }
                }
            }
            if m.canCreate { newTaskForm(t, m, csrf: session.csrfToken) }
        }
    }

    static func filter(_ t: Catalog, _ m: TasksPageModel) -> HTML {
        form(.method("get"), .action(Paths.tasks), .class("inline"), .id("task-filter")) {
            if let account = m.account { input(.type("hidden"), .name("account"), .value(String(account.id))) }
            label(.for("task-status-filter")) { t.text("task.status") }
            select(.name("status"), .id("task-status-filter")) {
                for status in TaskStatus.allCases { option(.value(status.rawValue), .selected(m.status == status)) { t.label(status) } }
                option(.value("all"), .selected(m.status == nil)) { t.text("task.all") }
            }
            if m.account == nil && m.owners.count > 1 {
                label(.for("task-owner-filter")) { t.text("task.owner") }
                select(.name("owner"), .id("task-owner-filter")) {
                    for owner in m.owners { option(.value(String(owner.id)), .selected(m.ownerID == owner.id)) { owner.name } }
                }
            }
            button(.type("submit")) { t.text("timeline.filter") }
        }
    }

    static func row(_ t: Catalog, _ m: TasksPageModel, _ task: TaskItem, canChange: Bool, csrf: String) -> HTML {
        tr(.id("task-\(task.id)"), .class(task.isOverdue(today: m.today) ? "flagged" : "")) {
            td {
                t.date(task.dueOn)
                if task.isOverdue(today: m.today) { " "; span(.class("badge overdue")) { t.text("task.overdue") } }
            }
            td { task.title; if let note = task.note { br(); span(.class("muted")) { note } } }
            td { if let id = task.accountID { a(.href(Paths.account(id))) { task.accountName ?? "#\(id)" } } else { "—" } }
            td { task.ownerName }
            td {
                if task.source == .followUp, let activity = task.sourceID { a(.href(Paths.activity(activity))) { t.label(task.source) } } else {
                    t.label(task.source)
                }
            }
            td {
                if canChange {
                    form(.method("post"), .action(Paths.task(task.id)), .class("inline")) {
                        Pages.csrfField(csrf)
                        input(.type("hidden"), .name("_version"), .value(String(task.version)))
                        if m.account != nil { input(.type("hidden"), .name("_back"), .value("account")) }
                        select(.name("status"), .ariaLabel(t.text("task.status"))) {
                            for status in TaskStatus.allCases { option(.value(status.rawValue), .selected(status == task.status)) { t.label(status) } }
                        }
                        button(.type("submit")) { t.text("task.update") }
                    }
                } else {
                    t.label(task.status)
                }
            }
        }
    }

    static func newTaskForm(_ t: Catalog, _ m: TasksPageModel, csrf: String) -> HTML {
        section(.class("card"), .id("new-task")) {
            h2 { t.text("task.new") }
            form(.method("post"), .action(Paths.tasks)) {
                Pages.csrfField(csrf)
                if let account = m.account { input(.type("hidden"), .name("accountID"), .value(String(account.id))) }
                FormFields.text(t, "task.task", name: "title", state: m.form, required: true, maxLength: 300)
                div(.class("grid")) {
                    FormFields.select(t, "task.owner", name: "ownerID", state: m.form, choices: m.owners.map { (String($0.id), $0.name) })
                    FormFields.text(t, "task.due", name: "dueOn", state: m.form, type: "date", required: true)
                }
                FormFields.textArea(t, "task.note", name: "note", state: m.form, rows: 2)
                button(.type("submit"), .id("create-task")) { t.text("task.create") }
            }
        }
    }
}
