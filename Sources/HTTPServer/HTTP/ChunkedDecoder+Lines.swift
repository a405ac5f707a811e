extension ChunkedDecoder {
    /// `chunk-ext = *( ";" chunk-ext-name [ "=" chunk-ext-val ] )` with no BWS (we accept only what
    /// every implementation agrees on), `chunk-ext-val = token / quoted-string`. Validated, then dropped.
    mutating func stepExtension(_ byte: UInt8, _ cls: UInt8) throws(HTTPServerError) {
        extensionBytes += 1
        guard extensionBytes <= Self.maxExtensionBytes else { throw .invalidChunkExtension }
        let isToken = cls & ByteClass.token != 0
        switch state {
        case .extensionStart:
            guard isToken else { throw .invalidChunkExtension }
            state = .extensionName
        case .extensionName, .extensionToken:
            if isToken { return }
            if byte == ASCII.equals && state == .extensionName {
                state = .extensionValueStart
            } else {
                try endExtension(byte)
            }
        case .extensionValueStart:
            if byte == ASCII.quote {
                state = .extensionQuoted
            } else {
                guard isToken else { throw .invalidChunkExtension }
                state = .extensionToken
            }
        case .extensionQuoted:
            if byte == ASCII.quote {
                state = .extensionQuotedEnd
            } else if byte == ASCII.backslash {
                state = .extensionQuotedPair
            } else {
                guard cls & ByteClass.quotedText != 0 else { throw .invalidChunkExtension }
            }
        case .extensionQuotedPair:
            // quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ): the field-content bytes.
            guard cls & ByteClass.fieldContent != 0 else { throw .invalidChunkExtension }
            state = .extensionQuoted
        case .extensionQuotedEnd:
            try endExtension(byte)
        default:
            preconditionFailure("not an extension state")
        }
    }

    /// After a complete extension only another `;` or the CR ending the chunk-size line may follow.
    mutating func endExtension(_ byte: UInt8) throws(HTTPServerError) {
        switch byte {
        case ASCII.semicolon: state = .extensionStart
        case ASCII.cr: state = .sizeLF
        default: throw .invalidChunkExtension
        }
    }

    /// `trailer-section = *( field-line CRLF )` then the final CRLF, checked like header fields
    /// (token name, colon with nothing before it, field content, no obs-fold, no bare CR or LF) and
    /// limited to `maxTrailerBytes` in all, final CRLF included.
    mutating func stepTrailer(_ byte: UInt8, _ cls: UInt8) throws(HTTPServerError) {
        trailerBytes += 1
        guard trailerBytes <= maxTrailerBytes else { throw .invalidTrailer }
        switch state {
        case .trailerLineStart:
            if byte == ASCII.cr {
                state = .finalLF
            } else {
                // Whitespace first is obs-fold, refused in trailers as in the head.
                guard cls & ByteClass.token != 0 else { throw .invalidTrailer }
                state = .trailerName
            }
        case .trailerName:
            if cls & ByteClass.token != 0 { return }
            guard byte == ASCII.colon else { throw .invalidTrailer }
            state = .trailerValue
        case .trailerValue:
            if cls & ByteClass.fieldContent != 0 { return }
            guard byte == ASCII.cr else { throw .invalidTrailer }
            state = .trailerLF
        case .trailerLF:
            guard byte == ASCII.lf else { throw .invalidTrailer }
            state = .trailerLineStart
        case .finalLF:
            guard byte == ASCII.lf else { throw .invalidTrailer }
            state = .complete
        default:
            preconditionFailure("not a trailer state")
        }
    }
}
