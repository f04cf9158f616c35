extension Migrations {
    /// Purchase history: the company's reporting currency and dated exchange rates, the product
    /// catalogue with list prices per currency, and each account's transactions with amount and
    /// margin in the order's currency and in the reporting currency, and the purchase models fitted on them. A transaction is known by
    /// (account, order reference, product), which is what lets an import run twice safely.
    static let purchasing = Migration(number: 13, name: "purchase history", statements: [
        """
        CREATE TABLE company_settings (
            id BIGINT PRIMARY KEY, reporting_currency TEXT NOT NULL, version BIGINT NOT NULL,
            updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "INSERT INTO company_settings (id, reporting_currency, version, updated_at) VALUES (1, 'USD', 1, 0)",
        """
        CREATE TABLE exchange_rates (
            currency TEXT NOT NULL, day TEXT NOT NULL, rate TEXT NOT NULL,
            updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id), PRIMARY KEY (currency, day))
        """,
        """
        CREATE TABLE product_lines (
            id {PK}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, version BIGINT NOT NULL,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        """
        CREATE TABLE products (
            id {PK}, line_id BIGINT NOT NULL REFERENCES product_lines(id), code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
            list_prices TEXT NOT NULL, active BIGINT NOT NULL, version BIGINT NOT NULL,
            created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by BIGINT REFERENCES users(id))
        """,
        "CREATE INDEX products_line ON products(line_id)",
        """
        CREATE TABLE purchase_transactions (
            id {PK}, account_id BIGINT NOT NULL REFERENCES accounts(id), day TEXT NOT NULL,
            product_id BIGINT NOT NULL REFERENCES products(id), order_reference TEXT NOT NULL,
            currency TEXT NOT NULL, amount_minor BIGINT NOT NULL, margin_minor BIGINT NOT NULL,
            reporting_currency TEXT NOT NULL, reporting_amount_minor BIGINT NOT NULL, reporting_margin_minor BIGINT NOT NULL,
            version BIGINT NOT NULL, created_at BIGINT NOT NULL, created_by BIGINT REFERENCES users(id))
        """,
        "CREATE UNIQUE INDEX purchase_transactions_key ON purchase_transactions(account_id, order_reference, product_id)",
        "CREATE INDEX purchase_transactions_account_day ON purchase_transactions(account_id, day)",
        "CREATE INDEX purchase_transactions_product ON purchase_transactions(product_id)",
        // The purchase models fitted across all accounts, each fit kept (the newest is used).
        """
        CREATE TABLE purchase_model_fits (
            id {PK}, fitted_at BIGINT NOT NULL, fitted_by BIGINT REFERENCES users(id), fit TEXT NOT NULL)
        """,
    ])
}
