import Foundation
import KAMCore
import KAMHTML
import KAMStore

/// The 2×2 as an SVG scatter: potential across, contribution up, the cuts as quadrant lines, one
/// dot per account (its name on hover, a click opens it).
enum PortfolioDrawing {
    static let size = (width: 560.0, height: 420.0, margin: 44.0)
    /// Beyond this many accounts the drawing shows the first ones by name; the table and the API have them all.
    static let dotLimit = 5_000

    static func matrix(_ t: Catalog, _ run: ClassificationRun) -> HTML {
        let f = SVGNumber.format
        let (width, height, margin) = size
        let plotW = width - 2 * margin, plotH = height - 2 * margin
        func x(_ potential: Double) -> Double { margin + min(max(potential, 0), 100) / 100 * plotW }
        func y(_ contribution: Double) -> Double { height - margin - min(max(contribution, 0), 100) / 100 * plotH }
        let cutX = x(run.potentialCut), cutY = y(run.contributionCut)
        return figure(.id("portfolio-matrix")) {
            svg(.attr("viewBox", "0 0 \(f(width)) \(f(height))"), .attr("width", f(width)), .attr("height", f(height)), .role("img"),
                .ariaLabel(t.text("portfolio.matrix_label")), .id("portfolio-svg")) {
                rect(.attr("x", f(margin)), .attr("y", f(margin)), .attr("width", f(plotW)), .attr("height", f(plotH)), .class("plot"))
                line(.attr("x1", f(cutX)), .attr("y1", f(margin)), .attr("x2", f(cutX)), .attr("y2", f(height - margin)), .class("cut"), .id("cut-potential"))
                line(.attr("x1", f(margin)), .attr("y1", f(cutY)), .attr("x2", f(width - margin)), .attr("y2", f(cutY)), .class("cut"), .id("cut-contribution"))
                // Each quadrant's letter in its far corner.
                for (letter, lx, ly, anchor) in [("A", width - margin - 8, margin + 20, "end"), ("B", margin + 8, margin + 20, "start"),
                                                 ("C", width - margin - 8, height - margin - 8, "end"), ("D", margin + 8, height - margin - 8, "start")] {
                    svgText(.attr("x", f(lx)), .attr("y", f(ly)), .attr("text-anchor", anchor), .class("quadrant")) { letter }
                }
                svgText(.attr("x", f(margin + plotW / 2)), .attr("y", f(height - 10)), .attr("text-anchor", "middle"), .class("axis-label")) {
                    t.text("portfolio.axis.potential") + " →"
                }
                svgText(.attr("x", "14"), .attr("y", f(margin + plotH / 2)), .attr("text-anchor", "middle"),
                        .attr("transform", "rotate(-90 14 \(f(margin + plotH / 2)))"), .class("axis-label")) {
                    t.text("portfolio.axis.contribution") + " →"
                }
                g(.class("dots")) {
                    for entry in run.accounts.prefix(dotLimit) {
                        a(.href(Paths.account(entry.accountID)), .class("dot-link")) {
                            circle(.attr("cx", f(x(entry.placement.potential))), .attr("cy", f(y(entry.placement.contribution))), .attr("r", "6"),
                                   .class("dot class-\(entry.placement.accountClass.rawValue.lowercased())"), .id("dot-\(entry.accountID)")) {
                                title { "\(entry.name) · \(entry.placement.accountClass.rawValue)" }
                            }
                        }
                    }
                }
            }
            if run.accounts.count > dotLimit { figcaption(.class("muted")) { t.text("portfolio.dots_capped", String(dotLimit)) } }
        }
    }
}
