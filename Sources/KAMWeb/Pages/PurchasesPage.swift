import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

struct PurchasesPageModel: Sendable {
    var accountID: AccountID
    var accountName: String
    var history: PurchaseHistory
    var outlook: PurchaseOutlook
}

extension PageHandlers {
    /// An account's purchases and both estimates of what comes next, each explained from its
    /// inputs. Kept off the account page: the look-alike estimate reads the whole portfolio.
    func purchasesPage(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let id = try APISupport.id(context)
        let account = try await store.accounts.get(id, caller: session.caller)
        let branches = APISupport.query(request, "branches") == "true"
        let model = PurchasesPageModel(
            accountID: id, accountName: account.name,
            history: try await store.purchases.history(of: id, includingBranches: branches, caller: session.caller),
            outlook: try await store.purchases.outlook(of: id, caller: session.caller))
        return Pages.response(PurchasesView.render(Catalog(context.language), model, session: session))
    }
}

enum PurchasesView {
    static func render(_ t: Catalog, _ m: PurchasesPageModel, session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("purchases.title", m.accountName), session: session) {
            h1 { t.text("purchases.title", m.accountName) }
            p { a(.href(Paths.account(m.accountID))) { t.text("purchases.back") } }
            outlookSection(t, m)
            lookAlikeSection(t, m)
            historySection(t, m)
        }
    }

    static func outlookSection(_ t: Catalog, _ m: PurchasesPageModel) -> HTML {
        section(.id("purchase-outlook")) {
            h2 { t.text("purchases.outlook") }
            let regularity = m.outlook.regularity
            p(.id("purchase-regularity")) {
                t.text("purchases.regularity", String(regularity.quartersWithPurchases), String(regularity.quartersObserved), String(regularity.level))
            }
            if let fit = m.outlook.fit {
                if let projection = m.outlook.projection {
                    let s = projection.summary
                    p(.id("purchase-history-summary")) {
                        t.text("purchases.summary", t.number(Int(s.frequency)), t.decimal(s.age, digits: 0), t.decimal(s.age - s.recency, digits: 0))
                    }
                    dl(.id("purchase-projection")) {
                        dt { t.text("purchases.expected_purchases") }
                        dd { t.decimal(projection.expectedPurchases) }
                        dt { t.text("purchases.probability_active") }
                        dd { t.percent(projection.probabilityActive) }
                        if let spend = projection.expectedSpend, let value = projection.expectedValue {
                            dt { t.text("purchases.expected_spend") }
                            dd { t.money(Money(minorUnits: Int64(spend.rounded()), currency: fit.reportingCurrency)) }
                            dt { t.text("purchases.expected_value") }
                            dd { t.money(value) }
                        }
                    }
                } else {
                    p(.class("muted"), .id("purchase-no-history")) { t.text("purchases.never_bought") }
                }
                if !fit.converged { p(.class("flagged"), .id("purchase-model-unsettled")) { t.text("purchases.model_unsettled") } }
                p(.class("muted"), .id("purchase-model")) {
                    t.text("purchases.model", t.number(fit.accounts), t.date(fit.calibrationEnd),
                           String(format: "r %.3g, α %.3g, a %.3g, b %.3g", fit.bgnbd.r, fit.bgnbd.alpha, fit.bgnbd.a, fit.bgnbd.b))
                }
            } else {
                p(.class("muted"), .id("purchase-not-fitted")) { t.text("purchases.not_fitted") }
            }
        }
    }

    static func lookAlikeSection(_ t: Catalog, _ m: PurchasesPageModel) -> HTML {
        section(.id("look-alike")) {
            h2 { t.text("purchases.look_alike") }
            let estimate = m.outlook.lookAlike
            if let purchases = estimate.expectedPurchases, let value = estimate.expectedValue {
                p(.id("look-alike-estimate")) { t.text("purchases.look_alike_estimate", t.decimal(purchases), t.money(value), String(estimate.neighbours.count)) }
                table(.id("look-alike-neighbours")) {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("accounts.name") }
                            th(.scope("col")) { t.text("purchases.similarity") }
                            th(.scope("col")) { t.text("purchases.their_purchases") }
                            th(.scope("col")) { t.text("purchases.their_value") }
                        }
                    }
                    tbody {
                        for neighbour in estimate.neighbours {
                            tr {
                                td {
                                    if neighbour.accountID > 0 { a(.href(Paths.account(neighbour.accountID))) { neighbour.name } }
                                    else { span(.class("muted")) { t.text("purchases.hidden_account") } }
                                }
                                td { t.percent(neighbour.similarity) }
                                td { t.number(neighbour.purchases) }
                                td { t.money(Money(minorUnits: neighbour.value, currency: m.history.reportingCurrency)) }
                            }
                        }
                    }
                }
            } else {
                p(.class("muted"), .id("look-alike-none")) { t.text("purchases.no_look_alike") }
            }
        }
    }

    static func historySection(_ t: Catalog, _ m: PurchasesPageModel) -> HTML {
        section(.id("purchase-history")) {
            h2 { t.text("purchases.history") }
            p {
                if m.history.includesBranches {
                    a(.href(Paths.purchases(m.accountID)), .id("purchases-own")) { t.text("purchases.own_only") }
                } else {
                    a(.href(Paths.purchases(m.accountID, branches: true)), .id("purchases-with-branches")) { t.text("purchases.with_branches") }
                }
            }
            p(.id("purchases-trailing")) {
                t.text("purchases.trailing", t.money(m.history.trailingTwelveMonths), t.money(m.history.trailingTwelveMonthsMargin))
            }
            if !m.history.years.isEmpty {
                table(.id("purchases-by-year")) {
                    thead { tr { th(.scope("col")) { t.text("purchases.year") }; th(.scope("col")) { t.text("purchases.count") }
                                 th(.scope("col")) { t.text("purchases.amount") }; th(.scope("col")) { t.text("purchases.margin") } } }
                    tbody {
                        for year in m.history.years {
                            tr { td { String(year.year) }; td { t.number(year.purchases) }; td { t.money(year.amount) }; td { t.money(year.margin) } }
                        }
                    }
                }
            }
            if m.history.transactions.isEmpty {
                p(.class("muted"), .id("purchases-empty")) { t.text("purchases.none") }
            } else {
                table(.id("purchase-transactions")) {
                    thead { tr { th(.scope("col")) { t.text("purchases.date") }; th(.scope("col")) { t.text("purchases.product") }
                                 th(.scope("col")) { t.text("purchases.order") }; th(.scope("col")) { t.text("purchases.amount") }
                                 th(.scope("col")) { t.text("purchases.reporting_amount") } } }
                    tbody {
                        for transaction in m.history.transactions {
                            tr {
                                td { t.date(transaction.date) }; td { transaction.productCode }; td { transaction.orderReference }
                                td { t.money(transaction.amount) }; td { t.money(transaction.reportingAmount) }
                            }
                        }
                    }
                }
            }
        }
    }
}
