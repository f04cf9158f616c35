import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

/// Who can be picked on an activity form: our users, their people, the account's opportunities.
struct ActivityChoices: Sendable {
    var users: [(id: UserID, name: String)]
    var persons: [(id: PersonID, name: PersonName)]
    var opportunities: [(id: OpportunityID, name: String)]

    /// The choices plus whoever is already on the activity (someone who has left since, or a
    /// deactivated user), so that saving the edit form keeps them.
    func including(_ activity: Activity) -> ActivityChoices {
        var more = self
        let users = Set(self.users.map(\.id)), persons = Set(self.persons.map(\.id))
        more.users += activity.ourParticipants.filter { !users.contains($0.id) }.map { ($0.id, $0.name) }
        more.persons += activity.theirParticipants.filter { !persons.contains($0.id) }
            .map { ($0.id, $0.personName ?? PersonName(family: $0.name, given: "")) }
        if let deal = activity.opportunityID, !opportunities.contains(where: { $0.id == deal }) { more.opportunities.append((deal, "#\(deal)")) }
        return more
    }
}

struct ActivitiesPageModel: Sendable {
    var account: Account
    var activities: [Activity]
    var nextCursor: String?
    var canEdit: Bool
    var form: FormState
    var choices: ActivityChoices
}

extension PageHandlers {
    func activitiesPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        var form = FormState()
        form.values["occurredOn"] = store.today().description
        form.values["ourParticipants"] = String(session.user.id)
        return Pages.response(try await renderActivities(id, cursor: APISupport.query(request, "cursor"), form: form, session: session, context: context))
    }

    func logActivityFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        // Blank spare rows go, and the rest are numbered anew, so an error names the row it is shown on.
        let pairs = FormBody.compactingRows(FormBody.joined(try await FormBody.read(request, context, csrfExpected: session.csrfToken)),
                                            of: ["followUps", "portraitUpdates"])
        let input = Inputs.activity(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: nil)
        do {
            _ = try await store.activities.create(at: id, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.activities(id))
        } catch {
            let (failed, _) = try FormState.failed(error, form: pairs, version: nil, Catalog(context.language))
            return Pages.response(try await renderActivities(id, cursor: nil, form: failed, session: session, context: context),
                                  status: .unprocessableContent)
        }
    }

    func activityChoices(_ account: AccountID, caller: Caller) async throws -> ActivityChoices {
        var people = PersonQuery()
        people.accountID = account
        people.limit = 500
        let persons = try await store.persons.list(people, caller: caller).items
        var deals = OpportunityQuery()
        deals.accountID = account
        deals.limit = 200
        return ActivityChoices(users: try await store.users.all().filter(\.active).map { ($0.id, $0.displayName) },
                               persons: persons.map { ($0.id, $0.name) },
                               opportunities: try await store.opportunities.list(deals, caller: caller).map { ($0.opportunity.id, $0.opportunity.name) })
    }

    func renderActivities(_ id: AccountID, cursor: String?, form: FormState, session: SignedInSession, context: AppContext) async throws -> HTML {
        let account = try await store.accounts.get(id, caller: session.caller)
        let page = try await store.activities.list(of: id, cursor: cursor, limit: 50, caller: session.caller)
        let model = ActivitiesPageModel(account: account, activities: page.items, nextCursor: page.nextCursor,
                                        canEdit: session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account), form: form,
                                        choices: try await activityChoices(id, caller: session.caller))
        return ActivitiesView.render(Catalog(context.language), model, session: session)
    }
}

enum ActivitiesView {
    static let spareFollowUps = 3
    static let sparePortraitUpdates = 2

    static func render(_ t: Catalog, _ m: ActivitiesPageModel, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("activity.title", m.account.name), session: session) {
            h1 { t.text("activity.title", m.account.name) }
            p {
                a(.href(Paths.account(m.account.id))) { t.text("purchases.back") }; " · "
                a(.href(Paths.timeline(m.account.id))) { t.text("timeline.open") }
            }
            if let error = m.form.generalError { p(.class("form-error"), .role("alert")) { error } }
            if m.canEdit { logForm(t, m, csrf: session.csrfToken) }
            section(.id("activities")) {
                h2 { t.text("activity.list") }
                if m.activities.isEmpty { p(.class("muted")) { t.text("activity.none") } } else {
                    table {
                        thead {
                            tr {
                                th(.scope("col")) { t.text("activity.occurred_on") }; th(.scope("col")) { t.text("activity.kind") }
                                th(.scope("col")) { t.text("activity.subject") }; th(.scope("col")) { t.text("activity.ours") }
                                th(.scope("col")) { t.text("activity.theirs") }
                            }
                        }
                        tbody {
                            for activity in m.activities {
                                tr(.id("activity-\(activity.id)")) {
                                    td { t.date(activity.occurredOn) }
                                    td { t.label(activity.kind) }
                                    td { a(.href(Paths.activity(activity.id))) { activity.subject } }
                                    td { activity.ourParticipants.map(\.name).joined(separator: ", ") }
                                    td { activity.theirParticipants.map { $0.personName.map(t.personName) ?? $0.name }.joined(separator: ", ") }
                                }
                            }
                        }
                    }
                    if let next = m.nextCursor {
                        p { a(.href(Paths.activities(m.account.id) + "?cursor=" + next), .rel("next")) { t.text("activity.older") } }
                    }
                }
            }
        }
    }

    /// The activity's own fields, shared by the log form and the edit form.
    static func fields(_ t: Catalog, _ form: FormState, _ choices: ActivityChoices) -> HTML {
        HTML {
            div(.class("grid")) {
                FormFields.vocabulary(t, "activity.kind", name: "kind", state: form, ActivityKind.self)
                FormFields.text(t, "activity.occurred_on", name: "occurredOn", state: form, type: "date", required: true)
            }
            FormFields.text(t, "activity.subject", name: "subject", state: form, required: true, maxLength: 300)
            FormFields.textArea(t, "activity.notes", name: "notes", state: form)
            div(.class("grid")) {
                FormFields.textArea(t, "activity.agenda", name: "agenda", state: form, rows: 3)
                FormFields.textArea(t, "activity.outcomes", name: "outcomes", state: form, rows: 3)
            }
            div(.class("grid")) {
                FormFields.multiple(t, "activity.ours", name: "ourParticipants", state: form,
                                    choices: choices.users.map { (String($0.id), $0.name) })
                FormFields.multiple(t, "activity.theirs", name: "theirParticipants", state: form,
                                    choices: choices.persons.map { (String($0.id), t.personName($0.name)) })
            }
            FormFields.select(t, "activity.opportunity", name: "opportunityID", state: form,
                              choices: choices.opportunities.map { (String($0.id), $0.name) }, blank: "—")
        }
    }

    static func logForm(_ t: Catalog, _ m: ActivitiesPageModel, csrf: String) -> HTML {
        section(.class("card"), .id("log-activity")) {
            h2 { t.text("activity.log") }
            form(.method("post"), .action(Paths.activities(m.account.id)), .id("activity-form")) {
                Pages.csrfField(csrf)
                fields(t, m.form, m.choices)
                fieldset(.id("follow-ups")) {
                    legend { t.text("activity.follow_ups") }
                    for i in 0..<spareFollowUps {
                        div(.class("grid")) {
                            FormFields.text(t, "activity.follow_up_title", name: "followUps[\(i)].title", state: m.form, maxLength: 300)
                            FormFields.select(t, "activity.follow_up_owner", name: "followUps[\(i)].ownerID", state: m.form,
                                              choices: m.choices.users.map { (String($0.id), $0.name) }, blank: "—")
                            FormFields.text(t, "activity.follow_up_due", name: "followUps[\(i)].dueOn", state: m.form, type: "date")
                        }
                    }
                }
                fieldset(.id("portrait-updates")) {
                    legend { t.text("activity.portrait_updates") }
                    p(.class("muted")) { t.text("activity.portrait_hint") }
                    for i in 0..<sparePortraitUpdates {
                        div(.class("grid")) {
                            FormFields.select(t, "activity.person", name: "portraitUpdates[\(i)].personID", state: m.form,
                                              choices: m.choices.persons.map { (String($0.id), t.personName($0.name)) }, blank: "—")
                            for (key, labelKey) in [("closeness", "portrait.closeness"), ("recognition", "portrait.recognition"),
                                                    ("priceAcceptance", "portrait.price_acceptance")] {
                                FormFields.select(t, labelKey, name: "portraitUpdates[\(i)].\(key)", state: m.form,
                                                  choices: (1...5).map { (String($0), String($0)) }, blank: "—")
                            }
                            FormFields.text(t, "activity.evidence", name: "portraitUpdates[\(i)].evidence", state: m.form, maxLength: 4000)
                        }
                    }
                }
                button(.type("submit"), .id("log-activity-submit")) { t.text("activity.log") }
            }
        }
    }
}
