import Foundation
import HavenMatrix
import HavenRuntime
import HavenStore
import Logging

/// Handles one transaction the homeserver pushed (`PUT /_matrix/app/v1/transactions/{txnId}`):
/// its events in order, each through the ``MatrixEventHandler`` the `/sync` mode uses too.
///
/// A transaction succeeds only when every event in it was handled; a store or homeserver failure
/// throws ``MatrixAppServiceError/unavailable`` so the homeserver sends the same transaction
/// again, and the events already answered are skipped then (they are marked handled in the
/// shared store, whichever instance answered them). A completed transaction id is recorded, so a
/// retry of it is answered at once.
struct MatrixTransactionHandler: Sendable {
    let settings: MatrixSettings
    let client: MatrixClient
    let handler: MatrixEventHandler
    let store: any StateStore
    let logger: Logger

    /// The adapter name completed transaction ids are recorded under.
    static let transactionAdapter = "matrix-as.txn"
    /// The adapter name of transactions being handled: a claim, so a copy the homeserver resends
    /// meanwhile (to this instance or another on the same store) is not handled a second time.
    static let claimAdapter = "matrix-as.claim"
    /// How long a claim holds: longer than the homeserver waits for an answer (60 s), after which
    /// it sends the transaction again anyway. A claim this old was left by an instance that died
    /// (a SIGKILL cannot give it back); the next copy takes it over.
    static let claimSeconds: Int64 = 75

    /// The prefix of the adapter's keys in the store (as the `/sync` mode's).
    private var key: String { "matrix." + settings.userID }

    /// The id a transaction is recorded under: the registration id scopes the homeserver's counter.
    func recordedID(_ transaction: String) -> String { settings.appservice.id + ":" + transaction }

    /// Handles the transaction `id` with `body` (already checked to be a JSON object with an `events` list).
    func handle(_ id: String, events: [JSONValue]) async throws(MatrixAppServiceError) {
        let arrived = ContinuousClock.now
        do {
            if try store.wasHandled(recordedID(id), adapter: Self.transactionAdapter) {
                logger.info("matrix transaction already handled", metadata: ["haven.matrix.txn": "\(id)"])
                return
            }
            let now = Int64(Date().timeIntervalSince1970)
            try store.pruneHandled(before: now - Self.claimSeconds, adapterPrefix: Self.claimAdapter)
            // The unique insert is the claim: of two copies, one records it and the other is
            // answered 500, and the homeserver's retry of it finds the transaction done.
            guard try store.markHandled(recordedID(id), adapter: Self.claimAdapter, person: "", at: now) else {
                logger.info(
                    "matrix transaction is being handled already; the homeserver will send it again",
                    metadata: ["haven.matrix.txn": "\(id)"])
                throw MatrixAppServiceError.unavailable
            }
            defer { try? store.releaseHandled(recordedID(id), adapter: Self.claimAdapter) }
            let parsed = events.map { (room: $0["room_id"]?.string ?? "", event: MatrixEvent($0)) }
            // A message before the bot's own join in the same transaction came before it joined.
            var lastOwnJoin: [String: Int] = [:]
            for (index, item) in parsed.enumerated() where item.event.map(isOwnJoin) == true {
                lastOwnJoin[item.room] = index
            }
            for (index, item) in parsed.enumerated() {
                guard let event = item.event, !item.room.isEmpty else { continue }
                try await handle(
                    event, in: item.room, beforeOwnJoin: (lastOwnJoin[item.room] ?? -1) > index, arrived: arrived)
            }
            try store.markHandled(
                recordedID(id), adapter: Self.transactionAdapter, person: "", at: Int64(Date().timeIntervalSince1970))
            logger.info(
                "matrix transaction handled",
                metadata: ["haven.matrix.txn": "\(id)", "haven.matrix.events": "\(events.count)"])
        } catch let error as MatrixAppServiceError {
            throw error
        } catch let error as MatrixError {
            logger.warning(
                "matrix transaction failed; the homeserver will send it again",
                metadata: ["haven.matrix.txn": "\(id)", "haven.matrix.error": "\(error)"])
            throw .unavailable
        } catch {
            logger.error(
                "matrix transaction failed; the homeserver will send it again",
                metadata: ["haven.matrix.txn": "\(id)", "haven.error": "\(error)"])
            throw .unavailable
        }
    }

    private func isOwnJoin(_ event: MatrixEvent) -> Bool {
        event.type == "m.room.member" && event.stateKey == settings.userID
            && event.content["membership"]?.string == "join"
    }

    /// One event. Refusals that would come again on every retry (the room is gone, the bot was
    /// kicked) are logged and passed over, so one bad room never stalls every later transaction;
    /// transient failures throw and fail the transaction.
    private func handle(
        _ event: MatrixEvent, in room: String, beforeOwnJoin: Bool, arrived: ContinuousClock.Instant
    ) async throws {
        do {
            switch event.type {
            case "m.room.member" where event.stateKey == settings.userID:
                switch event.content["membership"]?.string {
                case "invite": break
                case "join":
                    try await refreshMemberCount(room)
                    return
                default: return
                }
                try await handler.invited(to: room, by: event.sender)
                // The invite's own state is the inviter's word; the room's, after the join, is the homeserver's.
                if try await client.isEncrypted(room) { try await handler.leaveEncrypted(room) }
            case "m.room.member":
                try await refreshMemberCount(room)
            case "m.room.encryption":
                try await handler.leaveEncrypted(room)
            case "m.room.message":
                guard !beforeOwnJoin else { return }
                let members = try await memberCount(room)
                try await handler.answer(event, in: room, isDirect: members <= 2, arrived: arrived)
            default:
                return
            }
        } catch let error as MatrixError where !error.isTransient && !isUnauthorized(error) {
            logger.warning(
                "matrix event passed over: the homeserver refused it",
                metadata: [
                    "haven.matrix.room": "\(Conversations.pseudonym(room))", "haven.matrix.error": "\(error)",
                ])
            if event.type == "m.room.message", !event.id.isEmpty {
                try store.markHandled(
                    event.id, adapter: MatrixEventHandler.adapter, person: "",
                    at: Int64(Date().timeIntervalSince1970))
            }
        }
    }

    private func isUnauthorized(_ error: MatrixError) -> Bool {
        if case .unauthorized = error { return true }
        return false
    }

    /// The room's joined members, from the store, or asked of the homeserver the first time.
    ///
    /// Pushed transactions carry no room summary: the count is cached per room and refreshed on
    /// every membership event in it.
    private func memberCount(_ room: String) async throws -> Int {
        if let cached = try store.value(for: key + ".members." + room), let count = Int(cached) { return count }
        return try await refreshMemberCount(room)
    }

    @discardableResult
    private func refreshMemberCount(_ room: String) async throws -> Int {
        let count = try await handler.retrying { try await client.joinedMemberCount(room) }
        try store.setValue(String(count), for: key + ".members." + room)
        return count
    }
}
