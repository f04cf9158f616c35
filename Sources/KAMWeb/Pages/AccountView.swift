import Foundation
import KAMCore
import KAMHTML
import KAMStore

struct AccountPageModel: Sendable {
    var account: Account
    var ownerName: String
    var parentName: String?
    var canEdit: Bool
    var tree: [AccountTreeNode]
    var people: [PersonSummary]
    var opportunities: [OpportunitySummary]
    var moves: [StateMove]
    var history: [AuditEntry]
    var customFields: [CustomFieldDefinition]
    var userNames: [UserID: String]
    var moveForm: FormState
    var team: [AccountTeamMember] = []
    /// Active users who could join the team (for the add form).
    var candidates: [User] = []
    var teamForm = FormState()
    var coverage: AccountCoverageModel?
    var presalesForm = FormState()
    var today: CalendarDate
    /// The account's own purchase outlook: expected purchases and value, probability it still buys, regularity.
    var outlook: (fit: StoredPurchaseModelFit, projection: PurchaseProjection?, regularity: PurchaseRegularity)?
}

enum AccountView {
    static func render(_ t: Catalog, _ m: AccountPageModel, session: SignedInSession) -> HTML {
        let a0 = m.account
        return Pages.layout(t, title: a0.name, session: session) {
            h1(.id("account-name")) { a0.name }
            div(.class("actions")) {
                span(.class("badge")) { t.label(a0.status) }
                span(.class("badge")) { t.label(a0.scene) }
                span(.class("badge")) { t.label(a0.stage) }
                if let accountClass = a0.accountClass {
                    span(.class("badge class-\(accountClass.rawValue.lowercased())"), .id("account-class")) { t.text("classification.class_badge", accountClass.rawValue) }
                }
                a(.href(Paths.relationshipMap(a0.id)), .id("open-map")) { t.text("map.open") }
                a(.href(Paths.purchases(a0.id)), .id("open-purchases")) { t.text("purchases.open") }
                a(.href(Paths.scorecard(a0.id)), .id("open-scorecard")) { t.text("scoring.open") }
                a(.href(Paths.accountStrategy(a0.id)), .id("open-strategy")) { t.text("strategy.open") }
                a(.href(Paths.accountPlans(a0.id)), .id("open-plans")) { t.text("plans.open") }
                a(.href(Paths.accountReviews(a0.id)), .id("open-reviews")) { t.text("reviews.open") }
                a(.href(Paths.lifecycle(a0.id)), .id("open-lifecycle")) { t.text("lifecycle.open") }
                a(.href(Paths.activities(a0.id)), .id("open-activities")) { t.text("activity.open") }
                a(.href(Paths.timeline(a0.id)), .id("open-timeline")) { t.text("timeline.open") }
                a(.href(Paths.accountTasks(a0.id)), .id("open-tasks")) { t.text("task.open") }
                if m.canEdit {
                    a(.href(Paths.editAccount(a0.id)), .id("edit-account")) { t.text("account.edit") }
                    a(.href(Paths.newPerson(account: a0.id)), .id("add-person")) { t.text("account.add_person") }
                    form(.method("post"), .action(Paths.deleteAccount(a0.id)), .class("inline")) {
                        Pages.csrfField(session.csrfToken)
                        input(.type("hidden"), .name("_version"), .value(String(a0.version)))
                        button(.type("submit"), .id("delete-account")) { t.text("account.delete") }
                    }
                }
            }
            div(.class("grid")) {
                section(.class("card")) {
                    h2 { t.text("account.profile") }
                    dl(.class("facts")) {
                        dt { t.text("accounts.industry") }; dd { t.label(a0.industry) }
                        dt { t.text("accounts.region") }; dd { t.label(a0.region) }
                        dt { t.text("account.size") }; dd { t.label(a0.size) }
                        dt { t.text("account.procurement") }; dd { t.label(a0.procurementMode) }
                        dt { t.text("account.time_zone") }; dd { a0.timeZone }
                        dt { t.text("account.owner") }; dd(.id("account-owner")) { m.ownerName }
                        dt { t.text("account.parent") }
                        dd { if let p = a0.parentID { a(.href(Paths.account(p))) { m.parentName ?? "#\(p)" } } else { "—" } }
                        if let website = a0.website { dt { t.text("account.website") }; dd { a(.href(website), .rel("noopener noreferrer")) { website } } }
                        for field in m.customFields where field.applies(to: a0.industry) {
                            dt { field.label }
                            dd(.data("field", field.key)) { a0.customFields[field.key] ?? "—" }
                        }
                    }
                    if let description = a0.description { p(.class("description")) { description } }
                }
                section(.class("card"), .id("account-tree")) {
                    h2 { t.text("account.hierarchy") }
                    ul(.class("tree")) {
                        for node in m.tree {
                            li(.class(node.id == a0.id ? "depth-\(min(node.depth, 4)) current" : "depth-\(min(node.depth, 4))")) {
                                if node.id == a0.id { node.name } else { a(.href(Paths.account(node.id))) { node.name } }
                            }
                        }
                    }
                }
            }
            if let outlook = m.outlook { outlookCard(t, m.account.id, outlook) }
            teamSection(t, m, csrf: session.csrfToken)
            if let coverage = m.coverage { CoverageViews.accountCard(t, account: m.account.id, coverage, csrf: session.csrfToken) }
            section(.class("card"), .id("key-persons")) {
                h2 { t.text("account.key_persons", t.number(m.people.count)) }
                orgChart(t, m.people)
            }
            section(.class("card"), .id("opportunities")) {
                h2 { t.text("account.opportunities") }
                table {
                    for row in m.opportunities {
                        tr {
                            td { a(.href(Paths.opportunity(row.opportunity.id))) { row.opportunity.name } }
                            td { t.money(row.opportunity.amount) }
                            td { t.stageName(row.opportunity.stage) }
                            td { row.opportunity.expectedClose.map(t.date) ?? "—" }
                        }
                    }
                }
            }
            if m.canEdit { moveForm(t, m, csrf: session.csrfToken) }
            section(.class("card"), .id("moves")) {
                h2 { t.text("account.moves") }
                ul {
                    for move in m.moves {
                        li {
                            "\(t.dateTime(move.at)) · \(t.text("enum.tracked.\(move.field.rawValue)")): "
                            "\(t.text("enum.\(Self.vocabulary(move.field)).\(move.from)")) → \(t.text("enum.\(Self.vocabulary(move.field)).\(move.to)")) · "
                            em { move.reason }
                            " · \(move.actorID.flatMap { m.userNames[$0] } ?? "system")"
                        }
                    }
                }
            }
            section(.class("card"), .id("history")) {
                h2 { t.text("account.history") }
                table {
                    for entry in m.history {
                        tr {
                            td { t.dateTime(entry.at) }
                            td { entry.actorName }
                            td { t.text("audit.\(entry.entity)") }
                            td { t.text("audit.action.\(entry.action.split(separator: ".").first.map(String.init) ?? entry.action)") }
                        }
                    }
                }
            }
        }
    }

    /// What the account's own history says about its next year, in short; the purchases page explains it and adds the look-alike estimate.
    static func outlookCard(_ t: Catalog, _ id: AccountID,
                            _ outlook: (fit: StoredPurchaseModelFit, projection: PurchaseProjection?, regularity: PurchaseRegularity)) -> HTML {
        section(.class("card"), .id("account-outlook")) {
            h2 { t.text("purchases.outlook") }
            if let projection = outlook.projection {
                dl(.class("facts")) {
                    dt { t.text("purchases.expected_purchases") }; dd { t.decimal(projection.expectedPurchases) }
                    dt { t.text("purchases.probability_active") }; dd { t.percent(projection.probabilityActive) }
                    if let value = projection.expectedValue { dt { t.text("purchases.expected_value") }; dd(.id("outlook-value")) { t.money(value) } }
                }
            } else {
                p(.class("muted")) { t.text(outlook.fit.fit == nil ? "purchases.not_fitted" : "purchases.never_bought") }
            }
            p { t.text("purchases.regularity", String(outlook.regularity.quartersWithPurchases), String(outlook.regularity.quartersObserved),
                       String(outlook.regularity.level)) }
            p { a(.href(Paths.purchases(id)), .id("outlook-more")) { t.text("outlook.more") } }
        }
    }

    static func vocabulary(_ field: TrackedAccountField) -> String {
        switch field {
        case .scene: LifecycleScene.vocabularyName
        case .stage: RelationshipStage.vocabularyName
        case .status: KeyAccountStatus.vocabularyName
        case .accountClass: AccountClass.vocabularyName
        }
    }

    /// The org chart: people nested under whom they report to at this account.
    static func orgChart(_ t: Catalog, _ people: [PersonSummary]) -> HTML {
        let ids = Set(people.map(\.id))
        let order = Hierarchy.treeOrder(people.map { (id: $0.id, parent: $0.reportsToID.flatMap { ids.contains($0) ? $0 : nil },
                                                      sortKey: $0.name.familyReading ?? $0.name.family) })
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) })
        return ul(.class("org")) {
            for node in order {
                if let person = byID[node.id] {
                    li(.class("depth-\(min(node.depth, 4))")) {
                        a(.href(Paths.person(person.id)), .class("person-link")) { t.personName(person.name) }
                        if let title = person.title { span(.class("muted")) { " · \(title)" } }
                        if let portrait = person.portrait {
                            span(.class("badge"), .title(t.text("portrait.summary_title"))) {
                                "\(portrait.closeness)/\(portrait.recognition)/\(portrait.priceAcceptance)"
                            }
                        }
                    }
                }
            }
        }
    }

    /// The account team around its owner (the key account manager, who leads it): current members
    /// first, ended ones after; editors add members and end memberships here.
    static func teamSection(_ t: Catalog, _ m: AccountPageModel, csrf: String) -> HTML {
        let triangle = IronTriangle(account: m.account, team: m.team, on: m.today)
        let names = Dictionary(uniqueKeysWithValues: m.team.map { ($0.id, $0.userName) })
        return section(.class("card"), .id("account-team")) {
            h2 { t.text("team.title") }
            p { t.text("team.led_by", m.ownerName) }
            dl(.class("facts"), .id("iron-triangle")) {
                dt { t.label(IronTriangleRole.accountManager) }
                dd { m.ownerName }
                dt { t.label(IronTriangleRole.customerLeadExpert) }
                dd(.class(triangle.customerLeadExperts.isEmpty ? "missing" : "filled")) {
                    triangle.customerLeadExperts.isEmpty ? t.text("triangle.missing")
                        : triangle.customerLeadExperts.compactMap { names[$0] }.joined(separator: ", ")
                }
                dt { t.label(IronTriangleRole.solutionManager) }
                dd(.class(triangle.solutionManagers.isEmpty ? "missing" : "filled")) {
                    triangle.solutionManagers.isEmpty ? t.text("triangle.missing")
                        : triangle.solutionManagers.compactMap { names[$0] }.joined(separator: ", ")
                }
            }
            if triangle.needsLeadExpert(status: m.account.status) {
                p(.class("form-error"), .id("needs-lead-expert"), .role("alert")) { t.text("triangle.needs_lead_expert") }
            }
            if m.team.isEmpty {
                p(.class("muted")) { t.text("team.empty") }
            } else {
                table {
                    thead {
                        tr {
                            th(.scope("col")) { t.text("team.member") }
                            th(.scope("col")) { t.text("team.role") }
                            th(.scope("col")) { t.text("team.access") }
                            th(.scope("col")) { t.text("team.from") }
                            th(.scope("col")) { t.text("team.to") }
                            th(.scope("col")) { t.text("experts.hours") }
                            if m.canEdit { th(.scope("col")) { t.text("recycle.action") } }
                        }
                    }
                    tbody {
                        for member in m.team {
                            tr(.class(member.isCurrent(on: m.today) ? "team-member current" : "team-member ended")) {
                                td { member.userName }
                                td { t.label(member.role) }
                                td { t.label(member.access) }
                                td { t.date(member.from) }
                                td { member.to.map(t.date) ?? "—" }
                                td { member.hoursPerQuarter > 0 ? t.number(member.hoursPerQuarter) : "—" }
                                if m.canEdit {
                                    td {
                                        if member.to == nil || (member.to.map { m.today < $0 } ?? false) {
                                            form(.method("post"), .action(Paths.endTeamMember(member.id)), .class("inline")) {
                                                Pages.csrfField(csrf)
                                                input(.type("hidden"), .name("_version"), .value(String(member.version)))
                                                button(.type("submit"), .class("end-membership")) { t.text("team.end") }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if m.canEdit {
                if let error = m.teamForm.generalError { p(.class("form-error"), .role("alert")) { error } }
                form(.method("post"), .action(Paths.accountTeam(m.account.id)), .id("add-team-member")) {
                    Pages.csrfField(csrf)
                    FormFields.select(t, "team.member", name: "userID", state: m.teamForm,
                                      choices: m.candidates.map { (String($0.id), "\($0.displayName) (\(t.label($0.role)))") }, blank: "—")
                    FormFields.vocabulary(t, "team.role", name: "role", state: m.teamForm, TeamRole.self)
                    FormFields.vocabulary(t, "team.access", name: "access", state: m.teamForm, TeamAccess.self)
                    FormFields.text(t, "team.from", name: "from", state: m.teamForm, type: "date", maxLength: 10)
                    FormFields.text(t, "experts.hours", name: "hoursPerQuarter", state: m.teamForm, type: "number", maxLength: 5)
                    div(.class("field")) {
                        label(.for("grant-private-fields")) {
                            input(.type("checkbox"), .name("privateFields"), .value("true"), .id("grant-private-fields"),
                                  .checked(m.teamForm["privateFields"] == "true"))
                            " "
                            t.text("team.private_fields")
                        }
                    }
                    button(.type("submit"), .id("add-member")) { t.text("team.add") }
                }
                p { a(.href(Paths.expertDirectory(for: m.account.id)), .id("find-expert")) { t.text("experts.find_for_account") } }
                PresalesViews.requestForm(t, account: m.account.id, opportunities: m.opportunities, state: m.presalesForm, csrf: csrf)
            }
        }
    }

    static func moveForm(_ t: Catalog, _ m: AccountPageModel, csrf: String) -> HTML {
        section(.class("card"), .id("move-form")) {
            h2 { t.text("account.make_move") }
            if let error = m.moveForm.generalError { p(.class("form-error"), .role("alert")) { error } }
            form(.method("post"), .action(Paths.moveAccount(m.account.id))) {
                Pages.csrfField(csrf)
                input(.type("hidden"), .name("_version"), .value(String(m.account.version)))
                FormFields.vocabulary(t, "move.field", name: "field", state: m.moveForm, TrackedAccountField.self)
                FormFields.select(t, "move.to", name: "to", state: m.moveForm, choices:
                    LifecycleScene.allCases.map { ($0.rawValue, "\(t.text("enum.tracked.scene")): \(t.label($0))") }
                    + RelationshipStage.allCases.map { ($0.rawValue, "\(t.text("enum.tracked.stage")): \(t.label($0))") }
                    + KeyAccountStatus.allCases.map { ($0.rawValue, "\(t.text("enum.tracked.status")): \(t.label($0))") }
                    + AccountClass.allCases.map { ($0.rawValue, "\(t.text("enum.tracked.class")): \(t.label($0))") })
                FormFields.text(t, "move.reason", name: "reason", state: m.moveForm, required: true, maxLength: 2000)
                button(.type("submit"), .id("make-move")) { t.text("move.submit") }
            }
        }
    }
}
