import Foundation
import Hummingbird
import KAMCore
import KAMStore
import Logging
import ServiceLifecycle

/// Builds the whole web application; `kam serve` and the tests both call this.
/// `services` run beside the server and stop with it (the reminder scheduler).
public func buildApplication(store: KAMStore, configuration: WebConfiguration, services: [any Service] = [],
                             logger: Logger = Logger(label: "kam.web")) -> some ApplicationProtocol {
    let router = buildRouter(store: store, configuration: configuration)
    return Application(router: router,
                       configuration: .init(address: .hostname(configuration.hostname, port: configuration.port), serverName: "OpenKAM"),
                       services: services, logger: logger)
}

public func buildRouter(store: KAMStore, configuration: WebConfiguration) -> Router<AppContext> {
    let router = Router(context: AppContext.self)
    router.add(middleware: SessionMiddleware(store: store, configuration: configuration))
    router.get("/healthz") { _, _ in "ok" }
    let authenticator = Authenticator(store: store, configuration: configuration)
    APIHandlers(store: store, authenticator: authenticator).register(on: router)
    PageHandlers(store: store, authenticator: authenticator, configuration: configuration).register(on: router)
    return router
}

/// For the route-table test: every API operation as (method, OpenAPI path).
public enum RouteTable {
    public static var apiOperations: [(method: String, path: String, operationID: String)] {
        APIOperation.allCases.map { ($0.method.rawValue, $0.path, $0.rawValue) }
    }
}
