import KAMHTML
import Testing

@Suite struct SnapshotTests {
    struct Row { let id: Int; let name: String; let active: Bool }

    @Test func smallPage() {
        let rows = [Row(id: 1, name: "Acme & Co", active: true), Row(id: 2, name: "O'Reilly <Media>", active: false)]
        let page = document(lang: "en") {
            head {
                meta(.charset("utf-8"))
                title { "Accounts" }
                link(.rel("stylesheet"), .href("/static/app.css"))
            }
            body(.class("app")) {
                h1 { "Accounts" }
                table(.class("grid")) {
                    thead { tr { th(.scope("col")) { "Name" }; th(.scope("col")) { "Active" } } }
                    tbody {
                        for row in rows {
                            tr(.data("id", String(row.id))) {
                                td { a(.href("/accounts/\(row.id)")) { row.name } }
                                td { input(.type("checkbox"), .checked(row.active), .disabled()) }
                            }
                        }
                    }
                }
                form(.action("/accounts"), .method("post")) {
                    label(.for("n")) { "Name" }
                    input(.id("n"), .name("name"), .required(), .maxlength(200))
                    button(.type("submit")) { "Save" }
                }
            }
        }
        let expected = #"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Accounts</title>"#
            + #"<link rel="stylesheet" href="/static/app.css"></head><body class="app"><h1>Accounts</h1>"#
            + #"<table class="grid"><thead><tr><th scope="col">Name</th><th scope="col">Active</th></tr></thead>"#
            + #"<tbody><tr data-id="1"><td><a href="/accounts/1">Acme &amp; Co</a></td>"#
            + #"<td><input type="checkbox" checked disabled></td></tr>"#
            + #"<tr data-id="2"><td><a href="/accounts/2">O&#39;Reilly &lt;Media&gt;</a></td>"#
            + #"<td><input type="checkbox" disabled></td></tr></tbody></table>"#
            + #"<form action="/accounts" method="post"><label for="n">Name</label>"#
            + #"<input id="n" name="name" required maxlength="200"><button type="submit">Save</button></form>"#
            + #"</body></html>"#
        #expect(page.render() == expected)
        #expect(String(decoding: page.renderUTF8(), as: UTF8.self) == expected)
    }

    @Test func smallChart() {
        let chart = svg(.viewBox(0, 0, 100, 50), .width(100), .height(50), .role("img"), .ariaLabel("Trend")) {
            title { "Revenue <2024>" }
            g(.transform("translate(0.5,0.5)")) {
                line(.x1(0), .y1(49.999), .x2(100), .y2(49.5), .stroke("#999"), .strokeWidth(0.5))
                polyline(.points([(0, 40), (50, 12.346), (100, 5)]), .fill("none"), .stroke("currentColor"))
                circle(.cx(50), .cy(12.346), .r(2)) { title { "Q2: 12.3" } }
                svgText(.x(50), .y(48), .textAnchor("middle")) { "Q2" }
            }
        }
        let expected = #"<svg viewBox="0 0 100 50" width="100" height="50" role="img" aria-label="Trend">"#
            + #"<title>Revenue &lt;2024&gt;</title><g transform="translate(0.5,0.5)">"#
            + ##"<line x1="0" y1="50" x2="100" y2="49.5" stroke="#999" stroke-width="0.5"></line>"##
            + #"<polyline points="0,40 50,12.35 100,5" fill="none" stroke="currentColor"></polyline>"#
            + #"<circle cx="50" cy="12.35" r="2"><title>Q2: 12.3</title></circle>"#
            + #"<text x="50" y="48" text-anchor="middle">Q2</text></g></svg>"#
        #expect(chart.render() == expected)
    }

    @Test func hundredRowTableRenders() {
        let t = table {
            tbody {
                for i in 0..<100 {
                    tr(.class(i.isMultiple(of: 2) ? "even" : "odd")) {
                        td { i }
                        td { a(.href("/accounts/\(i)")) { "Account <\(i)> & partners" } }
                        td { time(.datetime("2025-01-01")) { "1 Jan 2025" } }
                    }
                }
            }
        }
        let out = t.render()
        #expect(out.hasPrefix("<table><tbody><tr class=\"even\"><td>0</td>"))
        #expect(count("<", in: out) == 4 + 100 * 12)
    }
}
