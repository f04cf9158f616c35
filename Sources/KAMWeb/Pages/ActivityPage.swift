import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct ActivityPageModel: Sendable {
    var account: Account
    var activity: Activity
    var followUps: [TaskItem]
    var canEdit: Bool
    var form: FormState
    var version: Int
    var choices: ActivityChoices
}

extension PageHandlers {
    func activityPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let activity = try await store.activities.get(try APISupport.id(context), caller: session.caller)
        return Pages.response(try await renderActivity(activity, form: ActivityPageView.formState(activity), version: activity.version,
                                                       session: session, context: context))
    }

    func updateActivityFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let current = try await store.activities.get(try APISupport.id(context), caller: session.caller)
        let pairs = FormBody.joined(try await FormBody.read(request, context, csrfExpected: session.csrfToken))
        let version = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        // Every field of the form is sent; a cleared multiple select sends nothing, which means none.
        var fields = pairs.filter { !$0.0.hasPrefix("_") }
        for key in ["ourParticipants", "theirParticipants"] where !fields.contains(where: { $0.0 == key }) { fields.append((key, "")) }
        let input = Inputs.activity(JSONValue.fromForm(fields), fromForm: true, base: current.draft)
        do {
            _ = try await store.activities.update(current.id, input.value, expectedVersion: version, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.activity(current.id))
        } catch {
            let (failed, newVersion) = try FormState.failed(error, form: pairs, version: version, Catalog(context.language))
            return Pages.response(try await renderActivity(current, form: failed, version: newVersion ?? version, session: session, context: context),
                                  status: .unprocessableContent)
        }
    }

    func renderActivity(_ activity: Activity, form: FormState, version: Int, session: SignedInSession, context: AppContext) async throws -> HTML {
        let account = try await store.accounts.get(activity.accountID, caller: session.caller)
        let followUps = activity.followUpTaskIDs.isEmpty ? []
            : try await store.tasks.list(TaskFilter(activityID: activity.id, limit: 100), caller: session.caller)
        let model = ActivityPageModel(account: account, activity: activity, followUps: followUps,
                                      canEdit: session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account), form: form,
                                      version: version, choices: try await activityChoices(account.id, caller: session.caller).including(activity))
        return ActivityPageView.render(Catalog(context.language), model, session: session)
    }
}

enum ActivityPageView {
    static func formState(_ activity: Activity) -> FormState {
        var form = FormState()
        form.values = ["kind": activity.kind.rawValue, "occurredOn": activity.occurredOn.description, "subject": activity.subject,
                       "notes": activity.notes ?? "", "agenda": activity.agenda ?? "", "outcomes": activity.outcomes ?? "",
                       "opportunityID": activity.opportunityID.map(String.init) ?? "",
                       "ourParticipants": activity.ourParticipants.map { String($0.id) }.joined(separator: ","),
                       "theirParticipants": activity.theirParticipants.map { String($0.id) }.joined(separator: ",")]
        return form
    }

    static func render(_ t: Catalog, _ m: ActivityPageModel, session: SignedInSession) -> HTML {
        let activity = m.activity
        return Pages.layout(t, title: activity.subject, session: session) {
            h1 { activity.subject }
            p {
                a(.href(Paths.activities(m.account.id))) { t.text("activity.back", m.account.name) }; " · "
                a(.href(Paths.timeline(m.account.id))) { t.text("timeline.open") }
            }
            if let error = m.form.generalError { p(.class("form-error"), .role("alert")) { error } }
            section(.class("card"), .id("activity-details")) {
                dl {
                    dt { t.text("activity.kind") }; dd(.id("activity-kind")) { t.label(activity.kind) }
                    dt { t.text("activity.occurred_on") }; dd { t.date(activity.occurredOn) }
                    dt { t.text("activity.ours") }; dd { activity.ourParticipants.map(\.name).joined(separator: ", ") }
                    dt { t.text("activity.theirs") }
                    dd(.id("activity-theirs")) {
                        for (i, person) in activity.theirParticipants.enumerated() {
                            if i > 0 { ", " }
                            a(.href(Paths.person(person.id))) { person.personName.map(t.personName) ?? person.name }
                        }
                    }
                    if let notes = activity.notes { dt { t.text("activity.notes") }; dd(.class("prewrap")) { notes } }
                    if let agenda = activity.agenda { dt { t.text("activity.agenda") }; dd(.class("prewrap")) { agenda } }
                    if let outcomes = activity.outcomes { dt { t.text("activity.outcomes") }; dd(.class("prewrap")) { outcomes } }
                    if let by = activity.createdByName { dt { t.text("activity.logged_by") }; dd { by } }
                }
                if !activity.portraitPersonIDs.isEmpty {
                    p(.id("activity-portraits")) {
                        t.text("activity.reassessed")
                        for id in activity.portraitPersonIDs {
                            " "
                            a(.href(Paths.person(id))) {
                                activity.theirParticipants.first { $0.id == id }.map { $0.personName.map(t.personName) ?? $0.name } ?? "#\(id)"
                            }
                        }
                    }
                }
                if !m.followUps.isEmpty {
                    h2 { t.text("activity.follow_ups") }
                    ul(.id("activity-follow-ups")) {
                        for task in m.followUps {
                            li { task.title; " — "; task.ownerName; ", "; t.date(task.dueOn); " ("; t.label(task.status); ")" }
                        }
                    }
                }
            }
            if m.canEdit {
                section(.class("card"), .id("edit-activity")) {
                    h2 { t.text("activity.edit") }
                    form(.method("post"), .action(Paths.activity(activity.id))) {
                        Pages.csrfField(session.csrfToken)
                        input(.type("hidden"), .name("_version"), .value(String(m.version)))
                        ActivitiesView.fields(t, m.form, m.choices)
                        button(.type("submit")) { t.text("activity.save") }
                    }
                }
            }
        }
    }
}
