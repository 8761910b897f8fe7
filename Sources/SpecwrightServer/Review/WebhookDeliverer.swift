import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import ServiceLifecycle
import SpecwrightStore

/// Delivers queued events: claims what is due from the database, posts each signed body, and
/// records the outcome; a failure is tried again after an exponentially growing wait
/// (`retryBase`, twice that, four times …) until `maximumAttempts`, then given up. Each webhook's
/// events go one at a time, in order; several webhooks are served at once. Runs beside the server,
/// so a slow or dead receiver never holds up a request.
struct WebhookDeliverer: Service {
    let store: any SpecStore
    let publisher: EventPublisher
    let policy: WebhookPolicy
    let logger: Logger

    /// Deliveries attempted at once, across webhooks.
    static let concurrency = 32

    func run() async throws {
        let session = URLSession(configuration: {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = policy.timeout
            configuration.timeoutIntervalForResource = policy.timeout
            return configuration
        }(), delegate: NoRedirects(), delegateQueue: nil)
        let stopping = Flag()
        let inFlight = Counter()
        // On a graceful shutdown nothing new is claimed; attempts under way finish (within the
        // timeout) and are recorded, so none is left leased and unaccounted for.
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var lastPoll = Date.distantPast
                while !stopping.isRaised && !Task.isCancelled {
                    // Claims whenever something was published, an attempt ended, or a poll is due
                    // (retries falling due, other instances' events): a slow receiver holds up only
                    // its own webhook, whose next event waits behind the one under way.
                    let now = Date()
                    if publisher.published.take() || now.timeIntervalSince(lastPoll) >= policy.pollInterval {
                        lastPoll = now
                        let room = Self.concurrency - inFlight.value
                        if room > 0 {
                            let claimed: [(DeliveryRecord, WebhookRecord)]
                            do {
                                claimed = try await store.claimDueDeliveries(now: now, leaseUntil: now.addingTimeInterval(policy.timeout + 5), limit: room)
                            } catch {
                                logger.warning("could not read the webhook queue", metadata: ["error": "\(error)"])
                                claimed = []
                            }
                            for (delivery, webhook) in claimed {
                                inFlight.add(1)
                                group.addTask {
                                    await attempt(delivery, to: webhook, session: session)
                                    inFlight.add(-1)
                                    publisher.published.raise()
                                }
                            }
                        }
                    }
                    try? await Task.sleep(for: .milliseconds(50))
                }
            }
        } onGracefulShutdown: {
            stopping.raise()
        }
    }

    func attempt(_ delivery: DeliveryRecord, to webhook: WebhookRecord, session: URLSession) async {
        guard let url = URL(string: webhook.url) else { return }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = delivery.payload
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Specwright-Webhook/1", forHTTPHeaderField: "User-Agent")
        request.setValue(delivery.event, forHTTPHeaderField: "Specwright-Event")
        request.setValue(String(delivery.id!), forHTTPHeaderField: "Specwright-Delivery")
        request.setValue(WebhookSignature.header(body: Array(delivery.payload), secret: webhook.secret, time: Date()), forHTTPHeaderField: WebhookSignature.headerName)
        var status: Int?
        var failure: String?
        do {
            let (_, response) = try await session.data(for: request)
            status = (response as? HTTPURLResponse)?.statusCode
            if let status, !(200..<300).contains(status) { failure = "the receiver answered \(status)" }
        } catch {
            failure = (error as? URLError).map { "\($0.code)" } ?? error.localizedDescription
        }
        let attempts = delivery.attempts + 1
        let retryAt = failure == nil || attempts >= policy.maximumAttempts ? nil : Date().addingTimeInterval(policy.delay(afterAttempt: attempts))
        let outcome = DeliveryAttempt(status: status, error: failure, delivered: failure == nil, retryAt: retryAt)
        if let failure {
            logger.info("webhook delivery failed", metadata: ["delivery": "\(delivery.id!)", "url": "\(webhook.url)", "attempt": "\(attempts)", "error": "\(failure)"])
        }
        do {
            try await store.recordAttempt(deliveryID: delivery.id!, outcome)
        } catch {
            logger.warning("could not record a webhook delivery", metadata: ["delivery": "\(delivery.id!)", "error": "\(error)"])
        }
    }
}

/// A delivery goes to the registered URL only: a redirect is not followed (the answer counts as a
/// failure), so a receiver cannot send the signed body on to an address the admin did not choose.
final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
                    completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

/// How hard the server tries to deliver an event.
public struct WebhookPolicy: Sendable {
    /// The wait after the first failed attempt; each later wait doubles it.
    public var retryBase: TimeInterval = 10
    /// Attempts before giving up (with the defaults, the last is about 42 minutes after the first).
    public var maximumAttempts: Int = 9
    /// How long one attempt may take.
    public var timeout: TimeInterval = 10
    /// How often the queue is looked at when nothing is published here (retries, other instances).
    public var pollInterval: TimeInterval = 1

    public init() {}

    func delay(afterAttempt attempt: Int) -> TimeInterval { retryBase * pow(2, Double(attempt - 1)) }
}
