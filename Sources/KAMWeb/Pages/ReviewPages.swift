import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

extension PageHandlers {
    /// "My reviews": what falls due at the accounts the user is responsible for (`?scope=team`:
    /// everything they see, a director's team), the most overdue first.
    func reviewsPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let scope = request.uri.queryParameters.get("scope").flatMap(ReviewScope.init(rawValue:)) ?? .mine
        return try await renderReviews(scope: scope, session: session, context: context, newFeedURL: nil)
    }

    func renderReviews(scope: ReviewScope, session: SignedInSession, context: AppContext, newFeedURL: String?) async throws -> Response {
        let due = try await store.evaluations.due(scope, caller: session.caller, limit: 500)
        let feedCreated = try await store.reminders.feedCreated(userID: session.user.id)
        let t = Catalog(context.language)
        return Pages.response(ReviewViews.list(t, due: due.items, total: due.total, scope: scope, session: session) {
            ReminderViews.feed(t, created: feedCreated, newURL: newFeedURL, session: session)
        })
    }

    func accountReviewsPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let kind = request.uri.queryParameters.get("kind").flatMap(EvaluationKind.init(rawValue:))
        return Pages.response(try await renderAccountReviews(try APISupport.id(context), kind: kind, session: session, context: context, failed: nil))
    }

    func recordReviewFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = FormBody.compactingRows(FormBody.joined(try await FormBody.read(request, context, csrfExpected: session.csrfToken)), of: ["actions"])
        let fields = pairs.filter { !$0.0.hasPrefix("_") }
        do {
            let input = Inputs.evaluation(JSONValue.fromForm(fields), fromForm: true)
            _ = try await store.evaluations.record(id, input.draft.value, heldToday: input.heldToday, caller: session.caller, inputIssues: input.draft.issues)
            return Pages.redirect(Paths.accountReviews(id))
        } catch StoreError.conflict(let code, nil) {
            var state = FormState(values: Dictionary(fields, uniquingKeysWith: { first, _ in first }))
            state.generalError = Catalog(context.language).text("error.\(code)")
            return Pages.response(try await renderAccountReviews(id, kind: nil, session: session, context: context, failed: state), status: .conflict)
        } catch {
            let (failed, _) = try FormState.failed(error, form: fields, version: nil, Catalog(context.language))
            let status: HTTPResponse.Status = if case StoreError.conflict = error { .conflict } else { .unprocessableContent }
            return Pages.response(try await renderAccountReviews(id, kind: nil, session: session, context: context, failed: failed), status: status)
        }
    }

    func renderAccountReviews(_ id: AccountID, kind: EvaluationKind?, session: SignedInSession, context: AppContext,
                              failed: FormState?) async throws -> HTML {
        let account = try await store.accounts.get(id, caller: session.caller)
        let reviews = try await store.evaluations.reviews(of: id, caller: session.caller)
        let chosen = kind ?? failed.flatMap { EvaluationKind(rawValue: $0["kind"]) } ?? reviews.next.min { $0.dueOn < $1.dueOn }?.kind ?? .customer
        var state = failed ?? FormState()
        if failed == nil {
            state.values["kind"] = chosen.rawValue
            state.values["dueOn"] = reviews.next.first { $0.kind == chosen }?.dueOn.description ?? ""
            state.values["result"] = EvaluationResult.allowed(for: chosen).first?.rawValue ?? ""
            state.values["participantIDs"] = session.user.id.description
        }
        let canRecord = session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account) && account.status == .qualified
        let points = canRecord ? try await store.evaluations.checklist(of: id, kind: chosen, caller: session.caller) : []
        return ReviewViews.account(Catalog(context.language), account: account, reviews: reviews, kind: chosen, points: points, users: try await userNames(),
                                   form: state, canRecord: canRecord, session: session)
    }
}

enum ReviewViews {
    static func stateBadge(_ t: Catalog, _ state: DueState) -> HTML {
        span(.class("badge due-\(state.rawValue)")) { t.label(state) }
    }

    static func list(_ t: Catalog, due: [ReviewDue], total: Int, scope: ReviewScope, session: SignedInSession,
                     @HTMLBuilder feed: () -> HTML) -> HTML {
        Pages.layout(t, title: t.text("reviews.title"), session: session) {
            h1 { t.text("reviews.title") }
            p(.class("actions")) {
                a(.href(Paths.reviews), .id("scope-mine"), .when(scope == .mine, .aria("current", "page"))) { t.text("reviews.scope_mine") }
                a(.href(Paths.reviews + "?scope=team"), .id("scope-team"), .when(scope == .team, .aria("current", "page"))) { t.text("reviews.scope_team") }
                a(.href(Paths.reviewReport), .id("open-review-report")) { t.text("review_report.title") }
            }
            if due.isEmpty { p(.class("muted"), .id("no-reviews")) { t.text("reviews.none") } }
            if total > due.count { p(.class("muted")) { t.text("reviews.first_of", String(due.count), String(total)) } }
            table(.id("reviews")) {
                thead {
                    tr {
                        th(.scope("col")) { t.text("reviews.due_on") }; th(.scope("col")) { t.text("reviews.kind") }
                        th(.scope("col")) { t.text("accounts.name") }; th(.scope("col")) { t.text("account.owner") }
                        th(.scope("col")) { t.text("reviews.state") }; th(.scope("col")) { "" }
                    }
                }
                tbody {
                    for review in due {
                        tr(.data("kind", review.kind.rawValue), .data("account", String(review.accountID))) {
                            td { t.date(review.dueOn) }
                            td { t.label(review.kind) }
                            td { a(.href(Paths.account(review.accountID))) { review.accountName } }
                            td { review.ownerName }
                            td {
                                stateBadge(t, review.state)
                                if review.daysOverdue > 0 { " "; span(.class("muted")) { t.text("reviews.days_overdue", String(review.daysOverdue)) } }
                            }
                            td { a(.href(Paths.accountReviews(review.accountID) + "?kind=\(review.kind.rawValue)"), .class("record-review")) { t.text("reviews.record") } }
                        }
                    }
                }
            }
            feed()
        }
    }

    static func account(_ t: Catalog, account: Account, reviews: AccountReviews, kind: EvaluationKind, points: [ChecklistPoint], users: [UserID: String], form s: FormState,
                        canRecord: Bool, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("reviews.account_title", account.name), session: session) {
            h1 { t.text("reviews.account_title", account.name) }
            p { a(.href(Paths.account(account.id))) { t.text("reviews.back") } }
            if let since = reviews.keyAccountSince {
                p(.class("muted")) { t.text("reviews.since", t.date(since)) }
            } else {
                p(.class("muted"), .id("not-key-account")) { t.text("error.not_key_account") }
            }
            table(.id("next-reviews")) {
                thead { tr { th(.scope("col")) { t.text("reviews.kind") }; th(.scope("col")) { t.text("reviews.due_on") }; th(.scope("col")) { t.text("reviews.state") } } }
                tbody {
                    for review in reviews.next {
                        tr(.data("kind", review.kind.rawValue)) {
                            td { t.label(review.kind) }
                            td(.class("due-on")) { t.date(review.dueOn) }
                            td { stateBadge(t, review.state) }
                        }
                    }
                }
            }
            if canRecord { recordForm(t, account: account, reviews: reviews, kind: kind, points: points, users: users, form: s, session: session) }
            ReviewTrendViews.trend(t, reviews, timeZone: session.user.timeZone)
            h2 { t.text("reviews.held") }
            if reviews.held.isEmpty { p(.class("muted")) { t.text("reviews.none_held") } }
            for evaluation in reviews.held {
                article(.class("card held-review"), .data("kind", evaluation.kind.rawValue)) {
                    h3 { t.label(evaluation.kind); " · "; t.date(evaluation.heldOn) }
                    p {
                        span(.class("badge")) { t.label(evaluation.result) }
                        " "
                        span(.class("muted")) { t.text(evaluation.onTime ? "reviews.on_time" : "reviews.late", t.date(evaluation.dueOn)) }
                    }
                    if !evaluation.participantIDs.isEmpty {
                        p { t.text("reviews.participants"); ": "; evaluation.participantIDs.compactMap { users[$0] }.joined(separator: ", ") }
                    }
                    if !evaluation.findings.isEmpty { p(.class("findings")) { evaluation.findings } }
                    if !evaluation.actions.isEmpty {
                        ul {
                            for action in evaluation.actions {
                                li { action.title; " — "; action.ownerID.flatMap { users[$0] } ?? ""; action.dueOn.map { " · " + t.date($0) } ?? "" }
                            }
                        }
                    }
                }
            }
        }
    }

    static func recordForm(_ t: Catalog, account: Account, reviews: AccountReviews, kind: EvaluationKind, points: [ChecklistPoint], users: [UserID: String],
                           form s: FormState,
                           session: SignedInSession) -> HTML {
        let people = users.sorted { $0.value < $1.value }.map { (String($0.key), $0.value) }
        return form(.method("post"), .action(Paths.accountReviews(account.id)), .class("card"), .id("review-form")) {
            h2 { t.text("reviews.record_title", t.label(kind)) }
            Pages.csrfField(session.csrfToken)
            if let error = s.generalError { p(.class("form-error"), .role("alert")) { error } }
            input(.type("hidden"), .name("kind"), .value(kind.rawValue))
            input(.type("hidden"), .name("dueOn"), .value(s["dueOn"]))
            FormFields.errors(s, "kind")
            FormFields.errors(s, "dueOn")
            div(.class("grid")) {
                FormFields.text(t, "reviews.held_on", name: "heldOn", state: s, type: "date", maxLength: 10)
                FormFields.select(t, "reviews.result", name: "result", state: s,
                                  choices: EvaluationResult.allowed(for: kind).map { ($0.rawValue, t.label($0)) })
                FormFields.multiple(t, "reviews.participants", name: "participantIDs", state: s, choices: people)
            }
            if !points.isEmpty { checklist(t, kind: kind, points: points, form: s) }
            FormFields.textArea(t, "reviews.findings", name: "findings", state: s)
            fieldset {
                legend { t.text("reviews.actions") }
                for index in 0..<2 {
                    div(.class("grid")) {
                        FormFields.text(t, "reviews.action_title", name: "actions[\(index)].title", state: s, maxLength: 300)
                        FormFields.select(t, "reviews.action_owner", name: "actions[\(index)].ownerID", state: s, choices: people, blank: "—")
                        FormFields.text(t, "reviews.action_due", name: "actions[\(index)].dueOn", state: s, type: "date", maxLength: 10)
                    }
                }
            }
            button(.type("submit"), .id("record-review")) { t.text("reviews.record") }
        }
    }
}

extension ReviewViews {
    /// The kind's checklist, pre-filled from the account's data: each point with a verdict and a note;
    /// points left without a verdict are not recorded.
    static func checklist(_ t: Catalog, kind: EvaluationKind, points: [ChecklistPoint], form s: FormState) -> HTML {
        fieldset(.id("review-checklist")) {
            legend { t.text("checklist.title") }
            FormFields.errors(s, "checklist")
            table {
                tbody {
                    for (index, point) in points.enumerated() {
                        let prefix = "checklist[\(index)]."
                        tr(.data("key", point.key)) {
                            th(.scope("row")) {
                                input(.type("hidden"), .name(prefix + "key"), .value(point.key))
                                t.text(point.labelKey)
                                if !point.subject.isEmpty { ": "; strong { point.subject } }
                                if !point.hint.isEmpty { " "; span(.class("muted")) { "(" + point.hint + ")" } }
                            }
                            td {
                                select(.name(prefix + "verdict"), .id(FormFields.fieldID(prefix + "verdict")), .ariaLabel(t.text("checklist.verdict"))) {
                                    option(.value("")) { "—" }
                                    for verdict in ReviewChecklist.verdicts(kind) {
                                        option(.value(verdict), .selected(s[prefix + "verdict"] == verdict)) { t.text("checklist.verdict.\(verdict)") }
                                    }
                                }
                                FormFields.errors(s, prefix + "verdict")
                            }
                            td {
                                input(.type("text"), .name(prefix + "note"), .value(s[prefix + "note"]), .ariaLabel(t.text("checklist.note")), .maxlength(2000))
                                FormFields.errors(s, prefix + "note")
                            }
                        }
                    }
                }
            }
        }
    }
}
