import Foundation
import Hummingbird
import KAMCore
import KAMStore

/// The server-rendered UI. Handlers load view data through the store, then hand a view model to
/// a view; views never query.
struct PageHandlers: Sendable {
    let store: KAMStore
    let authenticator: Authenticator
    let configuration: WebConfiguration

    func register(on router: Router<AppContext>) {
        router.get("/") { _, context in
            Pages.redirect(context.session == nil ? Paths.login : Paths.accounts)
        }
        router.get("/login", use: loginForm)
        router.post("/login", use: login)
        router.post("/logout", use: logout)
        router.post("/preferences/language", use: setLanguage)
        router.get("/static/app.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: .init(string: Stylesheet.css)))
        }
        router.get("/accounts", use: accountList)
        router.get("/accounts/new", use: newAccountForm)
        router.post("/accounts", use: createAccount)
        router.get("/accounts/:id", use: accountPage)
        router.get("/accounts/:id/edit", use: editAccountForm)
        router.post("/accounts/:id", use: updateAccount)
        router.post("/accounts/:id/moves", use: moveAccount)
        router.post("/accounts/:id/delete", use: deleteAccount)
        router.post("/accounts/:id/restore", use: restoreAccount)
        router.post("/accounts/:id/team", use: addTeamMember)
        router.post("/team-members/:id/end", use: endTeamMember)
        router.get("/recycle-bin", use: recycleBin)
        router.get("/reports/iron-triangle", use: ironTriangleReport)
        router.get("/people", use: personList)
        router.get("/people/new", use: newPersonForm)
        router.post("/people", use: createPerson)
        router.get("/people/:id", use: personPage)
        router.get("/people/:id/edit", use: editPersonForm)
        router.post("/people/:id", use: updatePerson)
        router.post("/people/:id/portrait", use: assessPortrait)
        router.post("/people/:id/delete", use: deletePerson)
        router.post("/people/:id/restore", use: restorePerson)
        router.get("/opportunities", use: opportunityList)
        router.get("/opportunities/new", use: newOpportunityForm)
        router.post("/opportunities", use: createOpportunity)
        router.get("/opportunities/:id", use: opportunityPage)
        router.get("/opportunities/:id/edit", use: editOpportunityForm)
        router.post("/opportunities/:id", use: updateOpportunity)
        router.get("/settings/fields", use: customFieldsPage)
        router.post("/settings/fields", use: createCustomField)
        router.post("/settings/fields/:id/delete", use: deleteCustomField)
    }

    /// The signed-in session, or a redirect to the sign-in page (raised as 401 and turned into a
    /// redirect by `SessionMiddleware`).
    func session(_ context: AppContext) throws -> SignedInSession { try context.requireSession() }

    func userNames() async throws -> [UserID: String] {
        Dictionary(uniqueKeysWithValues: try await store.users.all().map { ($0.id, $0.displayName) })
    }
}
