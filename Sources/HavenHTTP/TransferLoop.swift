import CCurl
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One dedicated thread that runs every transfer of a client through libcurl's multi interface.
///
/// libcurl blocks, and Swift's cooperative pool must never block, so no transfer runs on a
/// task. Callers put a ``Transfer`` in the locked inbox and wake the thread with
/// `curl_multi_wakeup`; the thread makes each transfer's easy handle, drives all of them with
/// `curl_multi_perform`/`curl_multi_poll`, and resumes each caller's continuation when its
/// transfer ends. Every easy handle is made, used and cleaned up on this thread alone, and
/// long polls do not hold up other requests. The thread starts with the first transfer.
final class TransferLoop: @unchecked Sendable {
    private enum Phase {
        case idle
        case running(pthread_t)
        case stopped
    }

    private struct Inbox {
        var phase = Phase.idle
        var pending: [Transfer] = []
    }

    /// The multi handle: made in `init`, then used by the loop thread only, until `shutdown`.
    private let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())
    /// Transfers attached to `multi`, by easy handle. Loop thread only.
    private var active: [UnsafeMutableRawPointer: Transfer] = [:]

    /// Creates the multi handle; `nil` when libcurl cannot be initialised.
    init?() {
        guard CurlGlobal.ensureInitialized(), let multi = curl_multi_init() else { return nil }
        self.multi = multi
    }

    /// Queues `transfer` and wakes the loop, starting its thread if needed.
    ///
    /// - Returns: `false` when the loop has been shut down; the transfer is then not queued.
    func submit(_ transfer: Transfer) -> Bool {
        inbox.withLock { inbox in
            switch inbox.phase {
            case .stopped:
                return false
            case .idle:
                guard let thread = startThread() else { return false }
                inbox.phase = .running(thread)
            case .running:
                break
            }
            inbox.pending.append(transfer)
            curl_multi_wakeup(multi)
            return true
        }
    }

    /// Wakes the loop so it notices a cancelled transfer at once.
    func wake() {
        inbox.withLock { inbox in
            if case .running = inbox.phase { curl_multi_wakeup(multi) }
        }
    }

    /// Stops the thread, fails every unfinished transfer with `.shutDown` and frees the multi handle.
    ///
    /// Waits for the thread to exit. Later calls do nothing. Never call it from the loop thread.
    func shutdown() {
        let (thread, pending, wasStopped) = inbox.withLock { inbox -> (pthread_t?, [Transfer], Bool) in
            let pending = inbox.pending
            inbox.pending = []
            switch inbox.phase {
            case .stopped:
                return (nil, pending, true)
            case .idle:
                inbox.phase = .stopped
                return (nil, pending, false)
            case .running(let thread):
                inbox.phase = .stopped
                curl_multi_wakeup(multi)
                return (thread, pending, false)
            }
        }
        guard !wasStopped else { return }
        for transfer in pending { transfer.resolve(.failure(.shutDown)) }
        if let thread { pthread_join(thread, nil) }
        curl_multi_cleanup(multi)
    }

    // MARK: - Loop thread

    private func startThread() -> pthread_t? {
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        guard pthread_create(&thread, nil, loopThreadEntry, context) == 0 else {
            Unmanaged<TransferLoop>.fromOpaque(context).release()
            return nil
        }
        return thread
    }

    /// The thread's body: runs until `shutdown`.
    fileprivate func run() {
        // A peer that closes early must not kill the process with SIGPIPE.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &signals, nil)

        while true {
            let (incoming, stopping) = inbox.withLock { inbox -> ([Transfer], Bool) in
                let incoming = inbox.pending
                inbox.pending = []
                if case .stopped = inbox.phase { return (incoming, true) }
                return (incoming, false)
            }
            if stopping {
                for transfer in incoming { transfer.resolve(.failure(.shutDown)) }
                break
            }
            for transfer in incoming { start(transfer) }
            abortCancelled()
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            // Sleeps until a socket is ready, libcurl's next timer, a wakeup, or at most a second.
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for (handle, transfer) in active {
            curl_multi_remove_handle(multi, handle)
            transfer.resolve(.failure(.shutDown))
        }
        active.removeAll()
    }

    private func start(_ transfer: Transfer) {
        guard !transfer.isCancelled else {
            transfer.resolve(.failure(.cancelled))
            return
        }
        do {
            let handle = try transfer.makeHandle()
            let code = curl_multi_add_handle(multi, handle)
            guard code == CURLM_OK else {
                let detail = String(cString: curl_multi_strerror(code))
                transfer.resolve(
                    .failure(.transport(host: transfer.request.authority, code: Int(code.rawValue), detail: detail))
                )
                return
            }
            active[handle] = transfer
        } catch {
            transfer.resolve(.failure(error))
        }
    }

    private func abortCancelled() {
        for (handle, transfer) in active where transfer.isCancelled {
            curl_multi_remove_handle(multi, handle)
            active[handle] = nil
            transfer.resolve(.failure(.cancelled))
        }
    }

    private func collectFinished() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            guard let transfer = active.removeValue(forKey: handle) else { continue }
            transfer.resolve(transfer.outcome(for: code))
        }
    }
}

/// The loop thread's entry point: takes back the reference `startThread` passed in.
private let loopThreadEntry: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { context in
    guard let context else { return nil }
    let loop = Unmanaged<TransferLoop>.fromOpaque(context).takeRetainedValue()
    loop.run()
    return nil
}
