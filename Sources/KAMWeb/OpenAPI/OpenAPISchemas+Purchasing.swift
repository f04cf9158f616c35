import KAMCore

extension OpenAPISchemas {
    static var money: [String: Any] {
        object(["minorUnits": ["type": "integer", "format": "int64"], "currency": ["type": "string", "pattern": "^[A-Z]{3}$"]],
               required: ["minorUnits", "currency"])
    }

    static var moneyInput: [String: Any] {
        object(["minorUnits": ["type": "integer", "format": "int64"], "currency": ["type": "string"],
                "decimal": ["type": "string", "description": "The amount in major units, instead of minorUnits"]], required: ["currency"])
    }

    /// The catalogue, exchange rates and purchase history.
    static var purchasing: [String: Any] {
        let version: [String: Any] = ["type": "integer", "minimum": 1]
        let rate = object(["currency": string, "day": date, "rate": ["type": "string", "description": "Units of the reporting currency per unit"]],
                          required: ["currency", "day", "rate"])
        let line = object(["id": id, "code": string, "name": string, "version": version], required: ["id", "code", "name", "version"])
        let product = object(["id": id, "lineID": id, "code": string, "name": string, "listPrices": ["type": "array", "items": money],
                              "active": ["type": "boolean"], "version": version],
                             required: ["id", "lineID", "code", "name", "listPrices", "active", "version"])
        let transaction = object([
            "id": id, "accountID": id, "date": date, "productID": id, "productCode": string, "orderReference": string,
            "amount": money, "margin": money, "reportingAmount": money, "reportingMargin": money, "version": version,
        ], required: ["id", "accountID", "date", "productID", "productCode", "orderReference", "amount", "margin",
                      "reportingAmount", "reportingMargin", "version"])
        let number: [String: Any] = ["type": "number"]
        let fit = object([
            "calibrationEnd": date, "accounts": ["type": "integer"], "accountsWithRepeats": ["type": "integer"],
            "bgnbd": object(["r": number, "alpha": number, "a": number, "b": number], required: ["r", "alpha", "a", "b"]),
            "logLikelihood": number, "reportingCurrency": string, "converged": ["type": "boolean"],
            "gammaGamma": ["oneOf": [object(["p": number, "q": number, "v": number], required: ["p", "q", "v"]), ["type": "null"]]],
        ], required: ["calibrationEnd", "accounts", "bgnbd", "logLikelihood", "reportingCurrency"])
        return [
            "CompanySettings": object(["reportingCurrency": string, "version": version], required: ["reportingCurrency", "version"]),
            "CompanySettingsInput": object(["reportingCurrency": string], required: ["reportingCurrency"]),
            "ExchangeRate": rate,
            "ExchangeRateList": list("ExchangeRate"),
            "ProductLine": line,
            "ProductLineList": list("ProductLine"),
            "ProductLineInput": object(["code": string, "name": string], required: ["code", "name"]),
            "Product": product,
            "ProductList": list("Product"),
            "ProductInput": object(["lineID": id, "code": string, "name": string, "active": ["type": "boolean"],
                                    "listPrices": ["type": "array", "items": object(["minorUnits": id, "currency": string],
                                                                                    required: ["minorUnits", "currency"])]]),
            "Transaction": transaction,
            "TransactionInput": object(["accountID": id, "date": date, "productID": id, "orderReference": string,
                                        "amount": moneyInput, "margin": moneyInput],
                                       required: ["accountID", "date", "productID", "orderReference", "amount", "margin"]),
            "PurchaseHistory": object([
                "accountID": id, "includesBranches": ["type": "boolean"], "reportingCurrency": string,
                "transactions": ["type": "array", "items": transaction], "totalCount": ["type": "integer"],
                "trailingTwelveMonths": money, "trailingTwelveMonthsMargin": money,
                "years": ["type": "array", "items": object(["year": ["type": "integer"], "purchases": ["type": "integer"],
                                                            "amount": money, "margin": money], required: ["year", "purchases", "amount", "margin"])],
            ], required: ["accountID", "includesBranches", "reportingCurrency", "transactions", "totalCount", "trailingTwelveMonths",
                          "trailingTwelveMonthsMargin", "years"]),
            "PurchaseModelFit": fit,
            "StoredPurchaseModelFit": object(["fit": ["oneOf": [fit, ["type": "null"]]], "fittedAt": ["type": ["string", "null"], "format": "date-time"]]),
            "PurchaseOutlook": object([
                "accountID": id, "fit": ["oneOf": [fit, ["type": "null"]]], "fittedAt": ["type": ["string", "null"], "format": "date-time"],
                "projection": ["oneOf": [object([
                    "summary": object(["customerID": string, "frequency": number, "recency": number, "age": number, "monetaryValue": number]),
                    "horizonWeeks": number, "expectedPurchases": number, "probabilityActive": number,
                    "expectedSpend": ["type": ["number", "null"]], "expectedValue": ["oneOf": [money, ["type": "null"]]],
                ], required: ["summary", "horizonWeeks", "expectedPurchases", "probabilityActive"]), ["type": "null"]]],
                "regularity": object(["quartersWithPurchases": ["type": "integer"], "quartersObserved": ["type": "integer"]],
                                     required: ["quartersWithPurchases", "quartersObserved"]),
                "lookAlike": object([
                    "neighbours": ["type": "array", "items": object(["accountID": id, "name": string, "similarity": number,
                                                                     "purchases": ["type": "integer"], "value": ["type": "integer"]])],
                    "expectedPurchases": ["type": ["number", "null"]], "expectedValue": ["oneOf": [money, ["type": "null"]]],
                ], required: ["neighbours"]),
            ], required: ["accountID", "regularity", "lookAlike"]),
            "TransactionImportOutcome": object(["inserted": ["type": "integer"], "unchanged": ["type": "integer"], "accounts": ["type": "integer"]],
                                               required: ["inserted", "unchanged", "accounts"]),
        ]
    }
}
