import HavenHTTP
import Testing

struct HTTPHeadersTests {
    @Test func lookupIgnoresCaseAndKeepsOrder() {
        var headers: HTTPHeaders = ["Content-Type": "text/plain", "Set-Cookie": "a=1"]
        headers.add(name: "set-cookie", value: "b=2")
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["CONTENT-TYPE"] == "text/plain")
        #expect(headers.values(for: "Set-Cookie") == ["a=1", "b=2"])
        #expect(headers.contains("SET-COOKIE"))
        #expect(headers["missing"] == nil)
        headers["SET-COOKIE"] = "c=3"
        #expect(headers.values(for: "set-cookie") == ["c=3"])
        headers["content-type"] = nil
        #expect(headers.count == 1)
        #expect(headers.map(\.name) == ["SET-COOKIE"])
    }

    @Test func descriptionLeavesValuesOut() {
        let headers: HTTPHeaders = ["Authorization": "Bearer secret"]
        #expect(headers.description == "[Authorization]")
    }
}
