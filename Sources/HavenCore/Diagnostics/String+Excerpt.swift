extension String {
    /// The text as a diagnostic quotes it: whole when short, else its first 60 characters and "…",
    /// so a hostile 100 KB phrase or regex does not flood the terminal with its own text.
    var excerpt: String {
        count <= 60 ? self : String(prefix(60)) + "…"
    }
}
