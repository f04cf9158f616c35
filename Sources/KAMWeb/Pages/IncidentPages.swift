import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct IncidentsPageModel: Sendable {
    var account: Account
    var incidents: [Incident]
    var canEdit: Bool
    var form: FormState
}

struct IncidentPageModel: Sendable {
    var account: Account
    var incident: Incident
    var canEdit: Bool
    var form: FormState
    var version: Int
}

extension PageHandlers {
    func incidentsPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        var form = FormState()
        form.values["occurredOn"] = store.today().description
        return Pages.response(try await renderIncidents(try APISupport.id(context), form: form, session: session, context: context))
    }

    func openIncidentFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let input = Inputs.incident(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: nil)
        do {
            let made = try await store.incidents.open(at: id, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.incident(made.id))
        } catch {
            let (failed, _) = try FormState.failed(error, form: pairs, version: nil, Catalog(context.language))
            return Pages.response(try await renderIncidents(id, form: failed, session: session, context: context), status: .unprocessableContent)
        }
    }

    func incidentPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let incident = try await store.incidents.get(try APISupport.id(context), caller: session.caller)
        return Pages.response(try await renderIncident(incident, form: IncidentView.formState(incident), version: incident.version,
                                                       session: session, context: context))
    }

    func updateIncidentFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let current = try await store.incidents.get(try APISupport.id(context), caller: session.caller)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        let input = Inputs.incident(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: current.draft)
        do {
            _ = try await store.incidents.update(current.id, input.value, expectedVersion: version, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.incident(current.id))
        } catch {
            let (failed, newVersion) = try FormState.failed(error, form: pairs, version: version, Catalog(context.language))
            return Pages.response(try await renderIncident(current, form: failed, version: newVersion ?? version, session: session, context: context),
                                  status: .unprocessableContent)
        }
    }

    func addIncidentEventFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let current = try await store.incidents.get(try APISupport.id(context), caller: session.caller)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        do {
            _ = try await store.incidents.addEvent(current.id, note: FormBody.value(pairs, "note") ?? "", caller: session.caller)
            return Pages.redirect(Paths.incident(current.id))
        } catch {
            var (failed, _) = try FormState.failed(error, form: [], version: nil, Catalog(context.language))
            failed.values = IncidentView.formState(current).values
            failed.values["note"] = FormBody.value(pairs, "note") ?? ""
            return Pages.response(try await renderIncident(current, form: failed, version: current.version, session: session, context: context),
                                  status: .unprocessableContent)
        }
    }

    func renderIncidents(_ id: AccountID, form: FormState, session: SignedInSession, context: AppContext) async throws -> HTML {
        let account = try await store.accounts.get(id, caller: session.caller)
        let model = IncidentsPageModel(account: account, incidents: try await store.incidents.list(of: id, caller: session.caller),
                                       canEdit: session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account), form: form)
        return IncidentView.renderList(Catalog(context.language), model, session: session)
    }

    func renderIncident(_ incident: Incident, form: FormState, version: Int, session: SignedInSession, context: AppContext) async throws -> HTML {
        let account = try await store.accounts.get(incident.accountID, caller: session.caller)
        let model = IncidentPageModel(account: account, incident: incident,
                                      canEdit: session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account), form: form, version: version)
        return IncidentView.render(Catalog(context.language), model, session: session)
    }
}

enum IncidentView {
    static func formState(_ incident: Incident) -> FormState {
        var form = FormState()
        form.values = ["title": incident.title, "severity": incident.severity.rawValue, "occurredOn": incident.occurredOn.description,
                       "status": incident.status.rawValue, "responsibleParty": incident.responsibleParty.rawValue,
                       "rootCause": incident.rootCause ?? "", "summary": incident.summary ?? ""]
        return form
    }

    static func renderList(_ t: Catalog, _ m: IncidentsPageModel, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("incident.title", m.account.name), session: session) {
            h1 { t.text("incident.title", m.account.name) }
            p { a(.href(Paths.account(m.account.id))) { t.text("purchases.back") }; " · "; a(.href(Paths.lifecycle(m.account.id))) { t.text("lifecycle.open") } }
            if let error = m.form.generalError { p(.class("form-error"), .role("alert")) { error } }
            if m.incidents.isEmpty { p(.class("muted")) { t.text("incident.none") } } else {
                table(.id("incidents")) {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("incident.occurred_on") }; th(.scope("col")) { t.text("incident.severity") }
                            th(.scope("col")) { t.text("incident.name") }; th(.scope("col")) { t.text("incident.status") }
                            th(.scope("col")) { t.text("incident.responsible") }
                        }
                    }
                    tbody {
                        for incident in m.incidents {
                            tr(.id("incident-\(incident.id)"), .class(incident.status == .closed ? "" : "flagged")) {
                                td { t.date(incident.occurredOn) }
                                td { t.label(incident.severity) }
                                td { a(.href(Paths.incident(incident.id))) { incident.title } }
                                td { t.label(incident.status) }
                                td { t.label(incident.responsibleParty) }
                            }
                        }
                    }
                }
            }
            if m.canEdit {
                section(.class("card"), .id("open-incident")) {
                    h2 { t.text("incident.open") }
                    form(.method("post"), .action(Paths.incidents(m.account.id))) {
                        Pages.csrfField(session.csrfToken)
                        fields(t, m.form)
                        button(.type("submit"), .id("open-incident-submit")) { t.text("incident.open") }
                    }
                }
            }
        }
    }

    static func fields(_ t: Catalog, _ form: FormState) -> HTML {
        HTML {
            FormFields.text(t, "incident.name", name: "title", state: form, required: true, maxLength: 300)
            div(.class("grid")) {
                FormFields.vocabulary(t, "incident.severity", name: "severity", state: form, IncidentSeverity.self)
                FormFields.text(t, "incident.occurred_on", name: "occurredOn", state: form, type: "date", required: true)
                FormFields.vocabulary(t, "incident.status", name: "status", state: form, IncidentStatus.self)
            }
            FormFields.textArea(t, "incident.summary", name: "summary", state: form, rows: 3)
            div(.class("grid")) {
                FormFields.vocabulary(t, "incident.responsible", name: "responsibleParty", state: form, ResponsibleParty.self)
                FormFields.textArea(t, "incident.root_cause", name: "rootCause", state: form, rows: 2)
            }
        }
    }

    static func render(_ t: Catalog, _ m: IncidentPageModel, session: SignedInSession) -> HTML {
        let incident = m.incident
        return Pages.layout(t, title: incident.title, session: session) {
            h1 { incident.title }
            p { a(.href(Paths.incidents(m.account.id))) { t.text("incident.back", m.account.name) } }
            if let error = m.form.generalError { p(.class("form-error"), .role("alert")) { error } }
            p(.id("incident-state")) {
                span(.class("badge")) { t.label(incident.severity) }; " "; span(.class("badge")) { t.label(incident.status) }; " "
                t.text("incident.responsible"); ": "; t.label(incident.responsibleParty)
            }
            if let summary = incident.summary { p(.class("prewrap")) { summary } }
            if let cause = incident.rootCause { p(.class("prewrap")) { strong { t.text("incident.root_cause") }; ": "; cause } }
            section(.id("incident-events")) {
                h2 { t.text("incident.events") }
                ol(.class("timeline")) {
                    for event in incident.events {
                        li {
                            span(.class("muted")) { t.dateTime(event.at) }; " "
                            if let status = event.status { span(.class("badge")) { t.label(status) }; " " }
                            event.note
                            if let author = event.authorName { " "; span(.class("muted")) { "— "; author } }
                        }
                    }
                }
                if m.canEdit {
                    form(.method("post"), .action(Paths.incidentEvents(incident.id)), .id("incident-note")) {
                        Pages.csrfField(session.csrfToken)
                        FormFields.textArea(t, "incident.note", name: "note", state: m.form, rows: 2)
                        button(.type("submit")) { t.text("incident.add_note") }
                    }
                }
            }
            if m.canEdit {
                section(.class("card"), .id("edit-incident")) {
                    h2 { t.text("incident.edit") }
                    form(.method("post"), .action(Paths.incident(incident.id))) {
                        Pages.csrfField(session.csrfToken)
                        input(.type("hidden"), .name("_version"), .value(String(m.version)))
                        fields(t, m.form)
                        button(.type("submit"), .id("save-incident")) { t.text("incident.save") }
                    }
                }
            }
        }
    }
}
