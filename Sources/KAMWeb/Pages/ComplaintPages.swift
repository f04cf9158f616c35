import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct ComplaintsPageModel: Sendable {
    var account: Account
    var complaints: [Complaint]
    var channels: [CommunicationChannel]
    var persons: [(id: PersonID, name: PersonName)]
    var canEdit: Bool
    var form: FormState
    var today: CalendarDate
}

extension PageHandlers {
    /// An account's complaints, open ones first with their deadlines, and the form to record one.
    func complaintsPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        var form = FormState()
        form.values["receivedOn"] = store.today().description
        return Pages.response(try await renderComplaints(try APISupport.id(context), form: form, session: session, context: context))
    }

    func receiveComplaintFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let input = Inputs.complaint(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: nil)
        do {
            _ = try await store.complaints.receive(at: id, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.complaints(id))
        } catch {
            let (failed, _) = try FormState.failed(error, form: pairs, version: nil, Catalog(context.language))
            return Pages.response(try await renderComplaints(id, form: failed, session: session, context: context), status: .unprocessableContent)
        }
    }

    /// A row's own form: acknowledge it, or resolve it with what was done.
    func updateComplaintFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let current = try await store.complaints.get(try APISupport.id(context), caller: session.caller)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        let input = Inputs.complaint(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: current.draft)
        do {
            _ = try await store.complaints.update(current.id, input.value, expectedVersion: version, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.complaints(current.accountID) + "#complaint-\(current.id)")
        } catch {
            var (failed, _) = try FormState.failed(error, form: [], version: nil, Catalog(context.language))
            failed.generalError = failed.generalError ?? failed.errors.values.flatMap { $0 }.joined(separator: " ")
            return Pages.response(try await renderComplaints(current.accountID, form: failed, session: session, context: context),
                                  status: .unprocessableContent)
        }
    }

    func renderComplaints(_ id: AccountID, form: FormState, session: SignedInSession, context: AppContext) async throws -> HTML {
        let account = try await store.accounts.get(id, caller: session.caller)
        let model = ComplaintsPageModel(account: account, complaints: try await store.complaints.list(of: id, caller: session.caller),
                                        channels: try await store.lifecycle.channels(of: id, caller: session.caller),
                                        persons: try await activityChoices(id, caller: session.caller).persons,
                                        canEdit: session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account), form: form,
                                        today: store.today())
        return ComplaintsView.render(Catalog(context.language), model, session: session)
    }
}

enum ComplaintsView {
    static func render(_ t: Catalog, _ m: ComplaintsPageModel, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("complaint.title", m.account.name), session: session) {
            h1 { t.text("complaint.title", m.account.name) }
            p { a(.href(Paths.account(m.account.id))) { t.text("purchases.back") }; " · "; a(.href(Paths.lifecycle(m.account.id))) { t.text("lifecycle.open") } }
            if let error = m.form.generalError { p(.class("form-error"), .role("alert")) { error } }
            if m.complaints.isEmpty { p(.class("muted")) { t.text("complaint.none") } } else {
                table(.id("complaints")) {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("complaint.received_on") }; th(.scope("col")) { t.text("complaint.summary") }
                            th(.scope("col")) { t.text("complaint.acknowledge_by") }; th(.scope("col")) { t.text("complaint.resolve_by") }
                            th(.scope("col")) { t.text("complaint.state") }
                        }
                    }
                    tbody { for complaint in m.complaints { row(t, m, complaint, csrf: session.csrfToken) } }
                }
            }
            if m.canEdit { receiveForm(t, m, csrf: session.csrfToken) }
        }
    }

    static func row(_ t: Catalog, _ m: ComplaintsPageModel, _ c: Complaint, csrf: String) -> HTML {
        tr(.id("complaint-\(c.id)"), .class(c.isOpen && (c.acknowledgementLate || c.resolutionLate) ? "flagged" : "")) {
            td { t.date(c.receivedOn) }
            td {
                c.summary
                let source = [c.raisedByName.map(t.personName), c.channelMedium].compactMap { $0 }
                if !source.isEmpty { br(); span(.class("muted")) { source.joined(separator: " · ") } }
                if let resolution = c.resolution { br(); span(.class("muted")) { resolution } }
            }
            td {
                t.date(c.acknowledgeBy)
                if let on = c.acknowledgedOn { br(); "✓ "; t.date(on) }
                if c.acknowledgementLate { " "; span(.class("badge overdue")) { t.text("complaint.late") } }
            }
            td {
                t.date(c.resolveBy)
                if let on = c.resolvedOn { br(); "✓ "; t.date(on) }
                if c.resolutionLate { " "; span(.class("badge overdue")) { t.text("complaint.late") } }
            }
            td {
                if c.resolvedOn != nil { t.text("complaint.resolved") } else if m.canEdit {
                    form(.method("post"), .action(Paths.complaint(c.id)), .class("inline")) {
                        Pages.csrfField(csrf)
                        input(.type("hidden"), .name("_version"), .value(String(c.version)))
                        if c.acknowledgedOn == nil {
                            input(.type("hidden"), .name("acknowledgedOn"), .value(m.today.description))
                            button(.type("submit")) { t.text("complaint.acknowledge") }
                        } else {
                            input(.type("hidden"), .name("resolvedOn"), .value(m.today.description))
                            input(.type("text"), .name("resolution"), .ariaLabel(t.text("complaint.resolution")), .placeholder(t.text("complaint.resolution")),
                                  .maxlength(4000), .required(true))
                            button(.type("submit")) { t.text("complaint.resolve") }
                        }
                    }
                } else {
                    t.text(c.acknowledgedOn == nil ? "complaint.received" : "complaint.acknowledged")
                }
            }
        }
    }

    static func receiveForm(_ t: Catalog, _ m: ComplaintsPageModel, csrf: String) -> HTML {
        section(.class("card"), .id("receive-complaint")) {
            h2 { t.text("complaint.receive") }
            form(.method("post"), .action(Paths.complaints(m.account.id))) {
                Pages.csrfField(csrf)
                FormFields.textArea(t, "complaint.summary", name: "summary", state: m.form, rows: 2)
                div(.class("grid")) {
                    FormFields.select(t, "complaint.channel", name: "channelID", state: m.form,
                                      choices: m.channels.map { (String($0.id), t.label($0.kind) + " · " + $0.medium) }, blank: "—")
                    FormFields.select(t, "complaint.raised_by", name: "raisedByPersonID", state: m.form,
                                      choices: m.persons.map { (String($0.id), t.personName($0.name)) }, blank: "—")
                }
                div(.class("grid")) {
                    FormFields.text(t, "complaint.received_on", name: "receivedOn", state: m.form, type: "date", required: true)
                    FormFields.text(t, "complaint.acknowledge_by", name: "acknowledgeBy", state: m.form, type: "date")
                    FormFields.text(t, "complaint.resolve_by", name: "resolveBy", state: m.form, type: "date")
                }
                button(.type("submit"), .id("receive-complaint-submit")) { t.text("complaint.receive") }
            }
        }
    }
}
