import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

/// The decision chain on the opportunity page: each person's buying role and their attitudes on
/// this deal now → target, with a form to add or change a person and a button to take one off.
struct DecisionChainModel {
    var chain: DecisionChain
    var names: [PersonID: String]
    /// People of the account the form offers, by name.
    var candidates: [(id: PersonID, name: String)]
    var canEdit: Bool
    var form: FormState
}

enum DecisionChainViews {
    static func render(_ t: Catalog, _ m: DecisionChainModel, csrf: String) -> HTML {
        section(.id("decision-chain"), .class("card")) {
            h2 { t.text("chain.title") }
            p { a(.href(Paths.relationshipMap(m.chain.accountID) + "?opportunity=\(m.chain.opportunityID)"), .id("open-deal-map")) {
                t.text("chain.open_map")
            } }
            if m.chain.entries.isEmpty {
                p(.class("muted"), .id("chain-empty")) { t.text("chain.empty") }
            } else {
                table(.id("chain-entries")) {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("map.name") }
                            th(.scope("col")) { t.text("chain.role") }
                            th(.scope("col")) { t.text("chain.attitudes_now") }
                            th(.scope("col")) { t.text("chain.attitudes_target") }
                            th(.scope("col")) { t.text("chain.note") }
                            if m.canEdit { th(.scope("col")) { "" } }
                        }
                    }
                    tbody {
                        for entry in m.chain.entries {
                            tr {
                                td { a(.href(Paths.person(entry.personID))) { m.names[entry.personID] ?? t.text("map.restricted_person") } }
                                td { t.label(entry.role) }
                                td { attitudes(entry.current) }
                                td { attitudes(entry.target) }
                                td { entry.note ?? "" }
                                if m.canEdit {
                                    td {
                                        form(.method("post"), .action(Paths.removeChainEntry(m.chain.opportunityID)), .class("inline")) {
                                            Pages.csrfField(csrf)
                                            input(.type("hidden"), .name("_version"), .value(String(m.chain.version)))
                                            input(.type("hidden"), .name("personID"), .value(String(entry.personID)))
                                            button(.type("submit"), .class("link")) { t.text("chain.remove") }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if m.canEdit { entryForm(t, m, csrf: csrf) }
        }
    }

    /// "closeness / recognition / price", or a dash when not assessed for this deal.
    static func attitudes(_ portrait: Portrait?) -> String {
        portrait.map { "\($0.closeness) / \($0.recognition) / \($0.priceAcceptance)" } ?? "–"
    }

    static func entryForm(_ t: Catalog, _ m: DecisionChainModel, csrf: String) -> HTML {
        let levels = (1...5).map { (String($0), String($0)) }
        return form(.method("post"), .action(Paths.decisionChain(m.chain.opportunityID)), .id("chain-form")) {
            Pages.csrfField(csrf)
            input(.type("hidden"), .name("_version"), .value(String(m.chain.version)))
            if let error = m.form.generalError { p(.class("form-error"), .role("alert")) { error } }
            FormFields.select(t, "chain.person", name: "personID", state: m.form, choices: m.candidates.map { (String($0.id), $0.name) }, blank: "—")
            FormFields.select(t, "chain.role", name: "role", state: m.form,
                              choices: RelationshipMap.DecisionRole.allCases.map { ($0.rawValue, t.label($0)) })
            for side in ["current", "target"] {
                fieldset {
                    legend { t.text(side == "current" ? "chain.attitudes_now" : "chain.attitudes_target") }
                    FormFields.select(t, "portrait.closeness", name: "\(side).closeness", state: m.form, choices: levels, blank: "—")
                    FormFields.select(t, "portrait.recognition", name: "\(side).recognition", state: m.form, choices: levels, blank: "—")
                    FormFields.select(t, "portrait.price_acceptance", name: "\(side).priceAcceptance", state: m.form, choices: levels, blank: "—")
                }
            }
            FormFields.text(t, "chain.note", name: "note", state: m.form, maxLength: DecisionChainEntry.noteLimit)
            button(.type("submit"), .id("save-chain-entry")) { t.text("chain.save_entry") }
        }
    }
}

extension PageHandlers {
    func decisionChainModel(_ opportunity: Opportunity, session: SignedInSession, t: Catalog, form: FormState? = nil) async throws -> DecisionChainModel {
        let found = try await store.decisionChains.get(opportunity: opportunity.id, caller: session.caller)
        let people = try await store.persons.atAccount(opportunity.accountID)
        var names = Dictionary(people.map { ($0.id, t.personName($0.name)) }, uniquingKeysWith: { first, _ in first })
        for entry in found.chain.entries where names[entry.personID] == nil {
            if let person = try? await store.persons.get(entry.personID, caller: session.caller) { names[entry.personID] = t.personName(person.person.name) }
        }
        return DecisionChainModel(chain: found.chain, names: names, candidates: people.map { ($0.id, names[$0.id] ?? "") },
                                  canEdit: found.canEdit && session.caller.policy.mayEditAnything,
                                  form: form ?? FormState(values: ["role": RelationshipMap.DecisionRole.decisionMaker.rawValue]))
    }

    /// Adds a person to the chain, or changes their entry when they are on it already.
    func saveChainEntry(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(form, "_version") ?? "") ?? 0
        do {
            let current = try await store.decisionChains.get(opportunity: id, caller: session.caller).chain
            var issues: [FieldIssue] = []
            let person = Int64(FormBody.value(form, "personID") ?? "")
            if person == nil { issues.append(FieldIssue(field: "personID", code: "required")) }
            let role = RelationshipMap.DecisionRole(rawValue: FormBody.value(form, "role") ?? "")
            if role == nil { issues.append(FieldIssue(field: "role", code: "invalid_choice")) }
            func attitudes(_ side: String) -> Portrait? {
                let values = ["closeness", "recognition", "priceAcceptance"].map { Int(FormBody.value(form, "\(side).\($0)") ?? "") }
                if values.allSatisfy({ $0 == nil }) { return nil }
                for (key, value) in zip(["closeness", "recognition", "priceAcceptance"], values) where value == nil {
                    issues.append(FieldIssue(field: "\(side).\(key)", code: "required"))
                }
                return Portrait(closeness: values[0] ?? 0, recognition: values[1] ?? 0, priceAcceptance: values[2] ?? 0)
            }
            let entry = DecisionChainEntry(personID: person ?? 0, role: role ?? .influencer, current: attitudes("current"),
                                           target: attitudes("target"), note: FormBody.value(form, "note").flatMap { $0.isEmpty ? nil : $0 })
            if !issues.isEmpty { throw StoreError.validation(ValidationFailure(issues)) }
            var entries = current.entries
            if let index = entries.firstIndex(where: { $0.personID == entry.personID }) { entries[index] = entry } else { entries.append(entry) }
            do {
                _ = try await store.decisionChains.save(opportunity: id, entries: entries, expectedVersion: version, caller: session.caller)
            } catch StoreError.validation(let failure) {
                // The form edits one entry: name its fields, not the list's.
                let prefix = "entries[\(entries.firstIndex(where: { $0.personID == entry.personID }) ?? 0)]."
                throw StoreError.validation(ValidationFailure(failure.issues.map {
                    FieldIssue(field: $0.field.hasPrefix(prefix) ? String($0.field.dropFirst(prefix.count)) : $0.field, code: $0.code, detail: $0.detail)
                }))
            }
            return Pages.redirect(Paths.opportunity(id) + "#decision-chain")
        } catch {
            let failed = try FormState.failed(error, form: form, version: version, Catalog(context.language))
            return try await renderOpportunity(id, session: session, context: context, chainForm: failed.state, status: .unprocessableContent)
        }
    }

    func removeChainEntry(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let form = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let current = try await store.decisionChains.get(opportunity: id, caller: session.caller).chain
        let person = Int64(FormBody.value(form, "personID") ?? "")
        _ = try await store.decisionChains.save(opportunity: id, entries: current.entries.filter { $0.personID != person },
                                                expectedVersion: Int(FormBody.value(form, "_version") ?? "") ?? 0, caller: session.caller)
        return Pages.redirect(Paths.opportunity(id) + "#decision-chain")
    }
}
