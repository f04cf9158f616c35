import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

/// The fast-track panel of a small opportunity: its documents and the quote form.
struct FastTrackModel: Sendable {
    var opportunity: Opportunity
    var documents: [SalesDocument]
    var authorityPercent: Double
    var products: [(id: ProductID, name: String)]
    var canEdit: Bool
    var form: FormState
}

extension PageHandlers {
    func fastTrackModel(_ opportunity: Opportunity, canEdit: Bool, session: SignedInSession, failed: FormState?) async throws -> FastTrackModel? {
        guard opportunity.track == .fastTrack else { return nil }
        var form = FormState(values: ["currency": opportunity.amount.currency])
        if let failed { form = failed }
        return FastTrackModel(opportunity: opportunity,
                              documents: try await store.salesDocuments.documents(of: opportunity.id, caller: session.caller),
                              authorityPercent: try await store.salesDocuments.authority(for: opportunity.id, caller: session.caller),
                              products: try await store.catalogue.products().filter(\.active).map { ($0.id, "\($0.code) \($0.name)") },
                              canEdit: canEdit && session.caller.policy.mayEditAnything && !opportunity.stage.isClosed, form: form)
    }

    func createQuoteFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = FormBody.compactingRows(try await FormBody.read(request, context, csrfExpected: session.csrfToken), of: ["lines"])
        do {
            let input = Inputs.quote(JSONValue.fromForm(pairs.filter { !$0.0.hasPrefix("_") }), fromForm: true, base: nil)
            let made = try await store.salesDocuments.quote(id, input.value, caller: session.caller, inputIssues: input.issues)
            return Pages.redirect(Paths.salesDocument(made.id))
        } catch {
            var (failed, _) = try FormState.failed(error, form: pairs, version: nil, Catalog(context.language))
            // The form types prices in major units: a price's problem belongs by that field.
            for (field, messages) in failed.errors where field.hasSuffix(".unitPriceMinor") {
                failed.errors[field.replacingOccurrences(of: ".unitPriceMinor", with: ".unitPrice"), default: []] += messages
            }
            // Problems with the opportunity itself (won meanwhile, grown large) have no field on the form.
            if let messages = failed.errors["opportunityID"] { failed.generalError = messages.joined(separator: " ") }
            return try await renderOpportunity(id, session: session, context: context, quoteForm: failed, status: .unprocessableContent)
        }
    }

    func salesDocumentPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let found = try await store.salesDocuments.get(try APISupport.id(context), caller: session.caller)
        return Pages.response(SalesDocumentPage.render(Catalog(context.language), found, error: nil, session: session))
    }

    func updateSalesDocumentFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        try await documentAction(request, context) { store, id, version, pairs, caller in
            let status = FormBody.value(pairs, "status").flatMap(SalesDocumentStatus.init(rawValue:))
            guard let status else { throw AppError.invalid([FieldIssue(field: "status", code: "invalid_choice")]) }
            return try await store.salesDocuments.update(id, SalesDocumentChange(status: status), expectedVersion: version, caller: caller)
        }
    }

    func orderFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        try await documentAction(request, context) { store, id, version, _, caller in
            try await store.salesDocuments.order(fromQuote: id, expectedVersion: version, caller: caller)
        }
    }

    func contractFromPage(_ request: Request, _ context: AppContext) async throws -> Response {
        try await documentAction(request, context) { store, id, version, _, caller in
            try await store.salesDocuments.contract(fromOrder: id, expectedVersion: version, caller: caller)
        }
    }

    private func documentAction(_ request: Request, _ context: AppContext,
                                act: (KAMStore, SalesDocumentID, Int, [(String, String)], Caller) async throws -> SalesDocument) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let pairs = try await FormBody.read(request, context, csrfExpected: session.csrfToken)
        let version = Int(FormBody.value(pairs, "_version") ?? "") ?? 0
        do {
            let result = try await act(store, id, version, pairs, session.caller)
            return Pages.redirect(Paths.salesDocument(result.id))
        } catch {
            let t = Catalog(context.language)
            let (failed, _) = try FormState.failed(error, form: pairs, version: version, t)
            let message = failed.generalError ?? failed.errors.values.flatMap { $0 }.joined(separator: " ")
            let found = try await store.salesDocuments.get(id, caller: session.caller)
            return Pages.response(SalesDocumentPage.render(t, found, error: message, session: session), status: .unprocessableContent)
        }
    }
}

enum SalesDocumentPage {
    static func percent(_ basisPoints: Int64) -> String {
        // Hundredths of a percent, shown with as few decimals as they need.
        basisPoints % 100 == 0 ? String(basisPoints / 100) : String(format: "%.2f", Double(basisPoints) / 100)
    }

    /// The printable document, with its actions above it (hidden when printed).
    static func render(_ t: Catalog, _ v: SalesDocumentView, error: String?, session: SignedInSession) -> HTML {
        let d = v.document
        return Pages.layout(t, title: d.number, session: session) {
            p(.class("no-print")) {
                a(.href(Paths.opportunity(d.opportunityID))) { t.text("documents.back") }; " · "; t.text("documents.print_hint")
            }
            if let error { p(.class("form-error"), .role("alert")) { error } }
            if v.canEdit { actions(t, v, csrf: session.csrfToken) }
            article(.class("document card"), .id("sales-document")) {
                h1 { t.label(d.kind); " "; span(.id("document-number")) { d.number } }
                dl(.class("facts")) {
                    dt { t.text("documents.status") }; dd(.id("document-status")) { t.label(d.status) }
                    dt { t.text("documents.customer") }; dd { v.accountName }
                    dt { t.text("documents.opportunity") }; dd { v.opportunityName }
                    dt { t.text("documents.issued") }; dd { t.date(d.issuedOn) }
                    if let until = d.validUntil { dt { t.text("documents.valid_until") }; dd { t.date(until) } }
                    dt { t.text("documents.prepared_by") }; dd { d.createdBy }
                }
                table(.id("document-lines")) {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("documents.line") }; th(.scope("col")) { t.text("documents.quantity") }
                            th(.scope("col")) { t.text("documents.unit_price") }; th(.scope("col")) { t.text("documents.discount") }
                            th(.scope("col")) { t.text("documents.net") }
                        }
                    }
                    tbody {
                        for line in d.lines {
                            tr {
                                td { line.description }
                                td(.class("number")) { String(line.quantity) }
                                td(.class("number")) { t.money(Money(minorUnits: line.unitPriceMinor, currency: d.currency)) }
                                td(.class("number")) { t.text("pursuit.percent", percent(line.discountBasisPoints)) }
                                td(.class("number")) { t.money(Money(minorUnits: line.netMinor, currency: d.currency)) }
                            }
                        }
                        tr(.class("total")) {
                            th(.scope("row"), .colspan(4)) { t.text("documents.total") }
                            td(.class("number"), .id("document-total")) { t.money(d.net) }
                        }
                    }
                }
                if let note = d.note { p { note } }
            }
        }
    }

    static func actions(_ t: Catalog, _ v: SalesDocumentView, csrf: String) -> HTML {
        let d = v.document
        return div(.class("actions"), .id("document-actions")) {
            for status in d.kind.statuses where d.mayMove(to: status) {
                form(.method("post"), .action(Paths.salesDocument(d.id)), .class("inline")) {
                    Pages.csrfField(csrf)
                    input(.type("hidden"), .name("_version"), .value(String(d.version)))
                    input(.type("hidden"), .name("status"), .value(status.rawValue))
                    button(.type("submit"), .id("mark-\(status.rawValue)")) { t.text("documents.mark", t.label(status)) }
                }
            }
            if let successor = v.successorID {
                a(.href(Paths.salesDocument(successor)), .id("successor")) { t.text(d.kind == .quote ? "documents.see_order" : "documents.see_contract") }
            } else if (d.kind == .quote && d.status == .accepted) || (d.kind == .order && d.status != .cancelled) {
                form(.method("post"), .action(d.kind == .quote ? Paths.orderFromQuote(d.id) : Paths.contractFromOrder(d.id)), .class("inline")) {
                    Pages.csrfField(csrf)
                    input(.type("hidden"), .name("_version"), .value(String(d.version)))
                    button(.type("submit"), .id(d.kind == .quote ? "make-order" : "make-contract")) {
                        t.text(d.kind == .quote ? "documents.make_order" : "documents.make_contract")
                    }
                }
            }
        }
    }

    /// The fast-track panel on a small opportunity's page.
    static func fastTrack(_ t: Catalog, _ m: FastTrackModel, csrf: String) -> HTML {
        section(.id("fast-track")) {
            h2 { t.text("documents.fast_track") }
            if m.documents.isEmpty { p(.class("muted")) { t.text("documents.none") } } else {
                table(.id("documents")) {
                    thead {
                        tr { th(.scope("col")) { t.text("documents.number") }; th(.scope("col")) { t.text("documents.kind") }
                             th(.scope("col")) { t.text("documents.status") }; th(.scope("col")) { t.text("documents.total") } }
                    }
                    tbody {
                        for d in m.documents {
                            tr {
                                td { a(.href(Paths.salesDocument(d.id)), .class("document-link")) { d.number } }
                                td { t.label(d.kind) }; td { t.label(d.status) }; td(.class("number")) { t.money(d.net) }
                            }
                        }
                    }
                }
            }
            if m.canEdit {
                let state = m.form
                let rows = max(3, OpportunityPursuitView.rowCount(state, "lines") + 1)
                form(.method("post"), .action(Paths.opportunityQuotes(m.opportunity.id)), .class("card"), .id("quote-form")) {
                    Pages.csrfField(csrf)
                    h3 { t.text("documents.new_quote") }
                    p(.class("muted"), .id("discount-authority")) { t.text("documents.authority", DiscountAuthority.format(m.authorityPercent)) }
                    if let error = state.generalError { p(.class("form-error"), .role("alert")) { error } }
                    FormFields.errors(state, "lines")
                    div(.class("grid")) {
                        FormFields.text(t, "documents.currency", name: "currency", state: state, maxLength: 3)
                        FormFields.text(t, "documents.valid_until", name: "validUntil", state: state, type: "date", maxLength: 10)
                    }
                    table(.id("quote-lines")) {
                        thead {
                            tr { th(.scope("col")) { t.text("documents.product") }; th(.scope("col")) { t.text("documents.line") }
                                 th(.scope("col")) { t.text("documents.quantity") }; th(.scope("col")) { t.text("documents.unit_price") }
                                 th(.scope("col")) { t.text("documents.discount_percent") } }
                        }
                        tbody {
                            for index in 0..<rows {
                                let prefix = "lines[\(index)]."
                                tr {
                                    td { FormFields.select(t, "documents.product", name: prefix + "productID", state: state,
                                                           choices: m.products.map { (String($0.id), $0.name) }, blank: "—") }
                                    td { FormFields.text(t, "documents.line", name: prefix + "description", state: state, maxLength: 500) }
                                    td { FormFields.text(t, "documents.quantity", name: prefix + "quantity", state: state, type: "number", maxLength: 12) }
                                    td { FormFields.text(t, "documents.unit_price", name: prefix + "unitPrice", state: state, maxLength: 24) }
                                    td { FormFields.text(t, "documents.discount_percent", name: prefix + "discountPercent", state: state, maxLength: 6) }
                                }
                            }
                        }
                    }
                    FormFields.textArea(t, "documents.note", name: "note", state: state, rows: 2)
                    button(.type("submit"), .id("create-quote")) { t.text("documents.create_quote") }
                }
            }
        }
    }
}
