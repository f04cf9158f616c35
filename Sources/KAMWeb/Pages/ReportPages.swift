import Foundation
import Hummingbird
import KAMCore
import KAMHTML
import KAMStore

enum IronTriangleReportView {
    static func render(_ t: Catalog, _ gaps: [TriangleGap], session: SignedInSession) -> HTML {
        Pages.layout(t, title: t.text("triangle.report_title"), session: session) {
            h1 { t.text("triangle.report_title") }
            p(.class("muted")) { t.text("triangle.report_intro") }
            if gaps.isEmpty {
                p(.class("muted"), .id("triangle-complete")) { t.text("triangle.report_empty") }
            } else {
                table(.id("triangle-gaps")) {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("accounts.name") }
                            th(.scope("col")) { t.text("accounts.status") }
                            th(.scope("col")) { t.text("accounts.owner") }
                            th(.scope("col")) { t.text("triangle.missing_roles") }
                        }
                    }
                    tbody {
                        for gap in gaps {
                            tr(.class(gap.needsLeadExpert ? "flagged" : "")) {
                                td { a(.href(Paths.account(gap.accountID))) { gap.name } }
                                td { span(.class("badge")) { t.label(gap.status) } }
                                td { gap.ownerName }
                                td { gap.missing.map { t.label($0) }.joined(separator: ", ") }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension PageHandlers {
    func ironTriangleReport(_ request: Request, _ context: AppContext) async throws -> Response {
        let session = try session(context)
        let gaps = try await store.teams.triangleGaps(caller: session.caller)
        return Pages.response(IronTriangleReportView.render(Catalog(context.language), gaps, session: session))
    }
}
