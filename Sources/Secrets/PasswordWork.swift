import Dispatch

/// Runs scrypt (about 0.1 s and 32 MiB each) on a Dispatch queue rather than on the Swift cooperative
/// pool, whose few threads serve every other request: a burst of sign-ins must not stall page views
/// (the web sign-in and the API's user creation both use it).
public enum PasswordWork {
    private static let queue = DispatchQueue(label: "printercare.web.passwords", attributes: .concurrent)

    /// The stored form of `password`.
    public static func hash(_ password: String, with hasher: PasswordHasher) async -> String {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: hasher.hash(password)) }
        }
    }

    /// Whether `password` matches `stored`; with no stored hash, spends the same time and answers false,
    /// so an unknown e-mail cannot be told from a wrong password by timing.
    public static func verify(_ password: String, against stored: String?, with hasher: PasswordHasher) async -> Bool {
        await withCheckedContinuation { continuation in
            queue.async {
                guard let stored else {
                    hasher.dummyVerify(password)
                    return continuation.resume(returning: false)
                }
                continuation.resume(returning: hasher.verify(password, against: stored))
            }
        }
    }
}
