import Foundation
import HTTPTypes
import Hummingbird
import KAMCore
import KAMHTML
import NIOCore

/// Page rendering shared by every view: the shell, the navigation, and the response.
enum Pages {
    static func response(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        // The builder's bytes go out as they are: no round trip through a String of the whole page.
        let body = html.renderUTF8()
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func layout(_ t: Catalog, title pageTitle: String, session: SignedInSession?, @HTMLBuilder content: () -> HTML) -> HTML {
        document(lang: t.language.rawValue) {
            head {
                meta(.charset("utf-8"))
                meta(.name("viewport"), .content("width=device-width, initial-scale=1"))
                title { "\(pageTitle) · OpenKAM" }
                link(.rel("stylesheet"), .href(Paths.stylesheet))
            }
            body {
                header(.class("top")) {
                    a(.href(Paths.home), .class("brand")) { "OpenKAM" }
                    if let session {
                        nav(.ariaLabel(t.text("nav.label"))) {
                            a(.href(Paths.tasks), .id("nav-tasks")) { t.text("nav.tasks") }
                            a(.href(Paths.reviews), .id("nav-reviews")) { t.text("nav.reviews") }
                            a(.href(Paths.notifications), .id("nav-notifications")) {
                                t.text("nav.notifications")
                                if session.unreadNotifications > 0 { " "; span(.class("badge due-overdue"), .id("unread-count")) { t.number(session.unreadNotifications) } }
                            }
                            a(.href(Paths.accounts)) { t.text("nav.accounts") }
                            a(.href(Paths.people)) { t.text("nav.people") }
                            a(.href(Paths.opportunities)) { t.text("nav.opportunities") }
                            a(.href(Paths.pipeline), .id("nav-pipeline")) { t.text("nav.pipeline") }
                            a(.href(Paths.ironTriangleReport)) { t.text("nav.iron_triangle") }
                            a(.href(Paths.coverageMatrix)) { t.text("nav.coverage") }
                            a(.href(Paths.portfolio), .id("nav-portfolio")) { t.text("nav.portfolio") }
                            a(.href(Paths.strategyLibrary)) { t.text("nav.strategies") }
                            a(.href(Paths.investmentStrategy)) { t.text("nav.investment") }
                            a(.href(Paths.cadences), .id("nav-cadences")) { t.text("cadences.title") }
                            if session.caller.policy.readScope == .all {
                                a(.href(Paths.assessments), .id("nav-assessments")) { t.text("nav.assessments") }
                            }
                            a(.href(Paths.scoringModel)) { t.text("nav.scoring_model") }
                            a(.href(Paths.salesProcess)) { t.text("nav.sales_process") }
                            a(.href(Paths.quotas)) { t.text("nav.quotas") }
                            a(.href(Paths.experts)) { t.text("nav.experts") }
                            a(.href(Paths.expertRequestsPage)) { t.text("nav.requests") }
                            a(.href(Paths.presalesQueue)) { t.text("nav.presales") }
                            a(.href(Paths.recycleBin)) { t.text("nav.recycle_bin") }
                            a(.href(Paths.salesTeams)) { t.text("nav.sales_teams") }
                            if session.caller.policy.mayShapeOrganisation {
                                a(.href(Paths.territoryModels)) { t.text("nav.territories") }
                            }
                            if session.user.role == .administrator {
                                a(.href(Paths.users)) { t.text("nav.users") }
                                a(.href(Paths.customFields)) { t.text("nav.custom_fields") }
                            }
                        }
                        div(.class("who")) {
                            span(.id("current-user")) { session.user.displayName }
                            " · "
                            span { t.label(session.user.role) }
                            languageSwitcher(t, csrf: session.csrfToken)
                            form(.method("post"), .action(Paths.logout), .class("inline")) {
                                csrfField(session.csrfToken)
                                button(.type("submit"), .id("sign-out")) { t.text("nav.sign_out") }
                            }
                        }
                    }
                }
                main(.id("main")) { content() }
            }
        }
    }

    static func languageSwitcher(_ t: Catalog, csrf: String) -> HTML {
        form(.method("post"), .action(Paths.language), .class("inline")) {
            csrfField(csrf)
            label(.for("language-select"), .class("visually-hidden")) { t.text("nav.language") }
            select(.name("language"), .id("language-select")) {
                for language in UILanguage.allCases {
                    option(.value(language.rawValue), .selected(language == t.language)) { t.text("language.\(language.rawValue)") }
                }
            }
            button(.type("submit")) { t.text("nav.language_apply") }
        }
    }

    static func csrfField(_ token: String) -> HTML {
        input(.type("hidden"), .name("_csrf"), .value(token))
    }

    static func errorPage(status: HTTPResponse.Status, context: AppContext, detail: String? = nil) -> Response {
        let t = Catalog(context.language)
        let key = switch status.code {
        case 403: "error_page.forbidden"
        case 404: "error_page.not_found"
        case 409: "error_page.conflict"
        case 412: "error_page.version_conflict"
        case 429: "error_page.too_many"
        case 400..<500: "error_page.bad_request"
        default: "error_page.internal"
        }
        let html = layout(t, title: t.text(key), session: context.session) {
            h1 { t.text(key) }
            if let detail { p(.class("detail")) { detail } }
            p { a(.href(Paths.accounts)) { t.text("error_page.back") } }
        }
        return response(html, status: status)
    }

    static func redirect(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path])
    }
}
