import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct LifecyclePageModel: Sendable {
    var account: Account
    var lifecycle: AccountLifecycle
    var canEdit: Bool
    var form: FormState
    var choices: ActivityChoices
}

extension PageHandlers {
    /// The account's scene and stage with the criteria each asks for, checked against data, and
    /// the communication channel matrix.
    func lifecyclePage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        var form = FormState()
        form.values["coldAfterDays"] = "90"
        form.values["ourUserID"] = String(session.user.id)
        return Pages.response(try await renderLifecycle(try APISupport.id(context), form: form, session: session, context: context))
    }

    func addChannelFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let input = Inputs.channel(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: nil)
        do {
            _ = try await store.lifecycle.addChannel(at: id, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.lifecycle(id))
        } catch {
            let (failed, _) = try FormState.failed(error, form: pairs, version: nil, Catalog(context.language))
            return Pages.response(try await renderLifecycle(id, form: failed, session: session, context: context), status: .unprocessableContent)
        }
    }

    /// A row's own form: switch the channel off (or on again).
    func updateChannelFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let current = try await store.lifecycle.channel(try APISupport.id(context), caller: session.caller)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        let input = Inputs.channel(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: current.draft)
        do {
            _ = try await store.lifecycle.updateChannel(current.id, input.value, expectedVersion: version, caller: session.caller,
                                                        inputIssues: input.issues)
            return Pages.redirect(Paths.lifecycle(current.accountID))
        } catch {
            var (failed, _) = try FormState.failed(error, form: [], version: nil, Catalog(context.language))
            failed.generalError = failed.generalError ?? failed.errors.values.flatMap { $0 }.joined(separator: " ")
            return Pages.response(try await renderLifecycle(current.accountID, form: failed, session: session, context: context),
                                  status: .unprocessableContent)
        }
    }

    func renderLifecycle(_ id: AccountID, form: FormState, session: SignedInSession, context: AppContext) async throws -> HTML {
        let account = try await store.accounts.get(id, caller: session.caller)
        let model = LifecyclePageModel(account: account, lifecycle: try await store.lifecycle.lifecycle(of: id, caller: session.caller),
                                       canEdit: session.caller.policy.mayEditAnything && session.caller.policy.canEdit(account), form: form,
                                       choices: try await activityChoices(id, caller: session.caller))
        return LifecycleView.render(Catalog(context.language), model, session: session)
    }
}

enum LifecycleView {
    static func render(_ t: Catalog, _ m: LifecyclePageModel, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("lifecycle.title", m.account.name), session: session) {
            h1 { t.text("lifecycle.title", m.account.name) }
            p {
                a(.href(Paths.account(m.account.id))) { t.text("purchases.back") }; " · "
                a(.href(Paths.activities(m.account.id))) { t.text("activity.open") }; " · "
                a(.href(Paths.timeline(m.account.id))) { t.text("timeline.open") }; " · "
                a(.href(Paths.incidents(m.account.id)), .id("open-incidents")) { t.text("incident.list") }; " · "
                a(.href(Paths.complaints(m.account.id)), .id("open-complaints")) { t.text("complaint.list") }; " · "
                a(.href(Paths.strengthening(m.account.id)), .id("open-strengthening")) { t.text("strengthening.open") }
            }
            if let error = m.form.generalError { p(.class("form-error"), .role("alert")) { error } }
            p(.id("lifecycle-now")) {
                span(.class("badge")) { t.label(m.lifecycle.scene) }; " "
                span(.class("badge")) { t.label(m.lifecycle.stage) }
                if let meeting = m.lifecycle.lastExecutiveMeeting { " "; span(.class("muted")) { t.text("lifecycle.last_exec_meeting", t.date(meeting)) } }
            }
            h2 { t.text("lifecycle.stage_criteria") }
            div(.class("grid")) {
                for criteria in m.lifecycle.checklist.stages {
                    card(t, title: t.label(criteria.stage), current: criteria.stage == m.lifecycle.stage, id: "stage-\(criteria.stage.rawValue)",
                         items: criteria.items)
                }
            }
            h2 { t.text("lifecycle.scene_criteria") }
            div(.class("grid")) {
                for criteria in m.lifecycle.checklist.scenes {
                    card(t, title: t.label(criteria.scene), current: criteria.scene == m.lifecycle.scene, id: "scene-\(criteria.scene.rawValue)",
                         items: criteria.items)
                }
            }
            channels(t, m, csrf: session.csrfToken)
            if m.canEdit { addChannelForm(t, m, csrf: session.csrfToken) }
        }
    }

    static func card(_ t: Catalog, title: String, current: Bool, id: String, items: [ChecklistItem]) -> HTML {
        section(.class(current ? "card current" : "card"), .id(id)) {
            h3 { title; if current { " "; span(.class("badge")) { t.text("lifecycle.current") } } }
            ul(.class("checklist")) {
                for item in items {
                    li(.class(item.met == true ? "met" : item.met == false ? "unmet" : "unknown"), .id("\(id)-\(item.key)")) {
                        span(.ariaLabel(t.text(item.met == true ? "lifecycle.met" : item.met == false ? "lifecycle.unmet" : "lifecycle.unknown"))) {
                            item.met == true ? "✓ " : item.met == false ? "✗ " : "? "
                        }
                        t.text("lifecycle.item.\(item.key)")
                    }
                }
            }
        }
    }

    static func channels(_ t: Catalog, _ m: LifecyclePageModel, csrf: String) -> HTML {
        section(.id("channels")) {
            h2 { t.text("channel.matrix") }
            if m.lifecycle.channels.isEmpty { p(.class("muted")) { t.text("channel.none") } } else {
                table {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("channel.kind") }; th(.scope("col")) { t.text("channel.ours") }
                            th(.scope("col")) { t.text("channel.theirs") }; th(.scope("col")) { t.text("channel.medium") }
                            th(.scope("col")) { t.text("channel.last_contact") }; th(.scope("col")) { t.text("channel.state") }
                        }
                    }
                    tbody {
                        for channel in m.lifecycle.channels {
                            tr(.id("channel-\(channel.id)"), .class(channel.isCold ? "flagged" : "")) {
                                td { t.label(channel.kind) }
                                td { channel.ourUserName }
                                td { channel.theirPersonName.map(t.personName) ?? "—" }
                                td { channel.medium; if let note = channel.note { br(); span(.class("muted")) { note } } }
                                td { channel.lastContact.map { t.date($0) } ?? (channel.kind == .complaint ? "—" : t.text("channel.never")) }
                                td { state(t, channel); if m.canEdit { " "; toggle(t, channel, csrf: csrf) } }
                            }
                        }
                    }
                }
            }
        }
    }

    static func state(_ t: Catalog, _ channel: CommunicationChannel) -> HTML {
        HTML {
            if !channel.active { span(.class("muted")) { t.text("channel.inactive") } } else if channel.isCold {
                span(.class("badge warn")) { t.text("channel.cold") }
            } else {
                span(.class("badge")) { t.text("channel.warm") }
            }
        }
    }

    static func toggle(_ t: Catalog, _ channel: CommunicationChannel, csrf: String) -> HTML {
        form(.method("post"), .action(Paths.channel(channel.id)), .class("inline")) {
            Pages.csrfField(csrf)
            input(.type("hidden"), .name("_version"), .value(String(channel.version)))
            input(.type("hidden"), .name("active"), .value(channel.active ? "false" : "true"))
            button(.type("submit")) { t.text(channel.active ? "channel.deactivate" : "channel.activate") }
        }
    }

    static func addChannelForm(_ t: Catalog, _ m: LifecyclePageModel, csrf: String) -> HTML {
        section(.class("card"), .id("add-channel")) {
            h2 { t.text("channel.add") }
            form(.method("post"), .action(Paths.channels(m.account.id))) {
                Pages.csrfField(csrf)
                div(.class("grid")) {
                    FormFields.vocabulary(t, "channel.kind", name: "kind", state: m.form, ChannelKind.self)
                    FormFields.select(t, "channel.ours", name: "ourUserID", state: m.form, choices: m.choices.users.map { (String($0.id), $0.name) })
                    FormFields.select(t, "channel.theirs", name: "theirPersonID", state: m.form,
                                      choices: m.choices.persons.map { (String($0.id), t.personName($0.name)) }, blank: "—")
                }
                div(.class("grid")) {
                    FormFields.text(t, "channel.medium", name: "medium", state: m.form, maxLength: 200)
                    FormFields.text(t, "channel.cold_after", name: "coldAfterDays", state: m.form, type: "number")
                }
                FormFields.textArea(t, "channel.note", name: "note", state: m.form, rows: 2)
                button(.type("submit"), .id("add-channel-submit")) { t.text("channel.add") }
            }
        }
    }
}
