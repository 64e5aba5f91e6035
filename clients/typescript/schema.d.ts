/**
 * The Callwise API's types, generated from its OpenAPI document by openapi-typescript.
 * Do not edit: run `npm run client` in the Callwise repository to regenerate this file.
 */

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness (database reachable) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/providers/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Call events from your voice provider
         * @description Point your provider's webhook (Retell agent webhook URL, Vapi server URL, Twilio status callback — Callwise sets the last two per call when PUBLIC_URL is set) here, with provider = retell, vapi or twilio. Authenticated by the provider's signature over the exact body (Retell x-retell-signature, Vapi HMAC credential, X-Twilio-Signature), checked with the credentials of the company the event names; a missing, wrong or stale signature is refused with 401 and nothing is stored. Each event is stored once; its call is recorded as POST /calls would.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            received: number;
                            duplicates: number;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List customers
         * @description Your customers, oldest first, a page at a time. Filter test customers with test=true (or real ones with test=false), by taskType, by doNotCall or by stopped (calls stopped by a recorded call flag). search finds customers by the start of their id or name, or by phone number. Follow nextCursor while hasMore is true.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only test (true) or only real (false) customers. */
                    test?: boolean;
                    /** @description Only customers of this task type (case-insensitive). */
                    taskType?: string;
                    /** @description Only customers with (true) or without (false) doNotCall. */
                    doNotCall?: boolean;
                    /** @description Only customers whose calls were stopped (true: they have a stopReason) or not (false). */
                    stopped?: boolean;
                    /** @description Only customers whose id, first name, last name or 'first last' starts with this text (case-insensitive), or whose phone number equals it (any common US format) or contains its digits (4 or more). Combines with the other filters and pages the same way. */
                    search?: string;
                    /** @description Page size, 1–100 (default 20). */
                    limit?: number;
                    /** @description nextCursor from the previous page. */
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Customer"][];
                            /** @description Whether another page follows. */
                            hasMore: boolean;
                            /** @description Pass as cursor to get the next page; null on the last page. */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a customer
         * @description Adds a borrower to your company, plans its call schedule in the same transaction, and returns it as stored. Send an Idempotency-Key header to make retries safe. Without `sync`, the fields id, taskType, firstName, lastName, phoneNumber, timezone, streetAddress1, city, state and zipCode are required. Every invalid field is reported in one 400 response. The same id twice in your company is a 409. With `sync: true` only id and taskType are required: the rest is read from your company's loan management system (id is the customer's id there; loanId, if given, must be one of their loans), values you send win, the timezone is derived from the ZIP code when missing, and loans are imported (only loanIds when given). LMS failures: 400 lms_not_configured, 404 lms_customer_not_found / lms_loan_not_found, 502 lms_upstream_error / lms_auth_failed, 503 lms_rate_limited (with Retry-After), 504 lms_timeout; nothing is saved.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description A customer to add. Without sync, also required: firstName, lastName, phoneNumber, timezone, streetAddress1, city, state, zipCode. */
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Your reference for the customer; it should match your own system's id. Unique within your company. Any characters but control characters; in a path, percent-encode it (encodeURIComponent: ACME/7 is /customers/ACME%2F7). `.` and `..` are refused: no URL can address them.
                         * @example CUST-10023
                         */
                        id: string;
                        /**
                         * @description The customer's first name.
                         * @example Ana
                         */
                        firstName?: string;
                        /**
                         * @description The customer's last name.
                         * @example Reyes
                         */
                        lastName?: string;
                        /**
                         * @description The customer's e-mail address.
                         * @example ana.reyes@example.com
                         */
                        email?: string;
                        /**
                         * @description Date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900.
                         * @example 1985-06-15
                         */
                        birthday?: string;
                        /**
                         * @description The last four digits of the SSN, exactly four digits. Encrypted at rest.
                         * @example 1234
                         */
                        ssnLastFour?: string;
                        /**
                         * @description The customer's IANA time-zone name (America/New_York, America/Chicago; links such as US/Eastern are accepted and stored canonically). Abbreviations (EST), POSIX names (EST5EDT) and offsets are refused. Calls are only placed at lawful local hours.
                         * @example America/Los_Angeles
                         */
                        timezone?: string;
                        /**
                         * @description The number to call, a US number in any common form ((415) 555-0100, 415.555.0100, +1 415 555 0100). Stored and returned as E.164 (+14155550100). Toll-free and premium numbers are refused.
                         * @example +14155550100
                         */
                        phoneNumber?: string;
                        /**
                         * @description First line of the street address.
                         * @example 123 Main St
                         */
                        streetAddress1?: string;
                        /**
                         * @description Second line of the street address, if any.
                         * @example Apt 4B
                         */
                        streetAddress2?: string;
                        /**
                         * @description City.
                         * @example San Francisco
                         */
                        city?: string;
                        /**
                         * @description USPS state or territory code (CA, NY, DC, PR, AE…), any case; returned upper-case.
                         * @example CA
                         */
                        state?: string;
                        /**
                         * @description ZIP code: 5 digits or ZIP+4.
                         * @example 94102
                         */
                        zipCode?: string;
                        /** @description Never call this customer. Defaults to false. */
                        doNotCall?: boolean;
                        /** @description Marks a test customer (never called for real; filter with GET /customers?test=true). */
                        isTest?: boolean;
                        /**
                         * @description Which kind of call schedule to build for the customer. Valid values are your company's task types (matched case-insensitively); an unknown one is refused with the list of valid ones.
                         * @example collections
                         */
                        taskType: string;
                        /**
                         * @description Any JSON object of your own (employer, pay schedule, other numbers…), at most 64 KiB; stored and returned exactly as given. Numbers keep the text you sent: 12345678901234567890, 1e400, -0 and 1.0e2 come back as written, never rounded. Any name is kept, __proto__ included; a name given twice in one object is refused (400, with its pointer), as in any body.
                         * @example {
                         *       "employer_name": "Acme Corporation",
                         *       "pay_frequency": "biweekly",
                         *       "pay_day": "Friday"
                         *     }
                         */
                        externalMetadata?: {
                            [key: string]: unknown;
                        };
                        /** @description Same as isTest; the customer is a test customer if either is true. Responses always say isTest. */
                        test?: boolean;
                        /**
                         * @description Loan ids in your LMS to import for this customer; all loans when omitted. Without an LMS they are recorded as the customer's loan references.
                         * @example [
                         *       123,
                         *       456,
                         *       789
                         *     ]
                         */
                        loanIds?: number[];
                        /** @description Fetch missing fields from your loan management system, using id (or loanId) to find the customer. Caller-supplied values win. Defaults to false. */
                        sync?: boolean;
                        /**
                         * @description One loan in your LMS used to find and enrich the customer (distinct from loanIds, which filters imports).
                         * @example 67890
                         */
                        loanId?: string;
                    };
                };
            };
            responses: {
                /** @description A customer: every stored field that has a value. */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Customer"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a customer */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Your customer id, percent-encoded (/, ? and # included). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A customer: every stored field that has a value. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Customer"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a customer
         * @description Deletes the customer, its loan links and its pending calls. Its recorded calls and consent history are kept for the retention Regulation F sets (12 CFR 1006.100: three years after the last activity), and a customer created again with the same id inherits them: its plan counts those calls, and the consumer's revocations and stops still hold.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Your customer id, percent-encoded (/, ? and # included). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a customer
         * @description Changes only the fields sent, with the same rules as creation; null clears an optional field. The id never changes. The change is on the audit trail (GET /audit-events): the key, the time and the names of the fields sent.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Your customer id, percent-encoded (/, ? and # included). */
                    id: string;
                };
                cookie?: never;
            };
            /** @description The fields to change; absent fields keep their values. */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description May be sent, but must equal the path id: ids never change. */
                        id?: string;
                        /**
                         * @description The customer's first name.
                         * @example Ana
                         */
                        firstName?: string;
                        /**
                         * @description The customer's last name.
                         * @example Reyes
                         */
                        lastName?: string;
                        /** @description The customer's e-mail address. null clears it. */
                        email?: string | null;
                        /** @description Date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900. null clears it. */
                        birthday?: string | null;
                        /** @description The last four digits of the SSN, exactly four digits. Encrypted at rest. null clears it. */
                        ssnLastFour?: string | null;
                        /**
                         * @description The customer's IANA time-zone name (America/New_York, America/Chicago; links such as US/Eastern are accepted and stored canonically). Abbreviations (EST), POSIX names (EST5EDT) and offsets are refused. Calls are only placed at lawful local hours.
                         * @example America/Los_Angeles
                         */
                        timezone?: string;
                        /**
                         * @description The number to call, a US number in any common form ((415) 555-0100, 415.555.0100, +1 415 555 0100). Stored and returned as E.164 (+14155550100). Toll-free and premium numbers are refused.
                         * @example +14155550100
                         */
                        phoneNumber?: string;
                        /**
                         * @description First line of the street address.
                         * @example 123 Main St
                         */
                        streetAddress1?: string;
                        /** @description Second line of the street address, if any. null clears it. */
                        streetAddress2?: string | null;
                        /**
                         * @description City.
                         * @example San Francisco
                         */
                        city?: string;
                        /**
                         * @description USPS state or territory code (CA, NY, DC, PR, AE…), any case; returned upper-case.
                         * @example CA
                         */
                        state?: string;
                        /**
                         * @description ZIP code: 5 digits or ZIP+4.
                         * @example 94102
                         */
                        zipCode?: string;
                        /** @description Never call this customer. Defaults to false. */
                        doNotCall?: boolean;
                        /** @description Marks a test customer (never called for real; filter with GET /customers?test=true). */
                        isTest?: boolean;
                        /**
                         * @description Which kind of call schedule to build for the customer. Valid values are your company's task types (matched case-insensitively); an unknown one is refused with the list of valid ones.
                         * @example collections
                         */
                        taskType?: string;
                        /** @description Any JSON object of your own (employer, pay schedule, other numbers…), at most 64 KiB; stored and returned exactly as given. Numbers keep the text you sent: 12345678901234567890, 1e400, -0 and 1.0e2 come back as written, never rounded. Any name is kept, __proto__ included; a name given twice in one object is refused (400, with its pointer), as in any body. null clears it. */
                        externalMetadata?: {
                            [key: string]: unknown;
                        } | null;
                        /** @description Same as isTest; the customer is a test customer if either is true. Responses always say isTest. */
                        test?: boolean;
                    };
                };
            };
            responses: {
                /** @description A customer: every stored field that has a value. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Customer"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/customers/{id}/schedule/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a customer's schedule
         * @description Nothing is planned or dialled for the customer until the schedule is resumed: every pending attempt, requested callbacks included, is cancelled with the reason, and a call already ringing finishes. Any change that would rebuild the plan (a PATCH, a sync, a recorded call) plans nothing while it is stopped. scheduleStoppedAt on the customer says since when. Stopping a stopped schedule changes nothing. On the audit trail (schedule.stopped) with the key that did it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Your customer id, percent-encoded (/, ? and # included). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Your reference for the customer; it should match your own system's id. Unique within your company. Any characters but control characters; in a path, percent-encode it (encodeURIComponent: ACME/7 is /customers/ACME%2F7). `.` and `..` are refused: no URL can address them.
                             * @example CUST-10023
                             */
                            id: string;
                            /**
                             * @description The customer's first name.
                             * @example Ana
                             */
                            firstName?: string;
                            /**
                             * @description The customer's last name.
                             * @example Reyes
                             */
                            lastName?: string;
                            /**
                             * @description The customer's e-mail address.
                             * @example ana.reyes@example.com
                             */
                            email?: string;
                            /**
                             * @description Date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900.
                             * @example 1985-06-15
                             */
                            birthday?: string;
                            /**
                             * @description The last four digits of the SSN, exactly four digits. Encrypted at rest.
                             * @example 1234
                             */
                            ssnLastFour?: string;
                            /**
                             * @description The customer's IANA time-zone name (America/New_York, America/Chicago; links such as US/Eastern are accepted and stored canonically). Abbreviations (EST), POSIX names (EST5EDT) and offsets are refused. Calls are only placed at lawful local hours.
                             * @example America/Los_Angeles
                             */
                            timezone?: string;
                            /**
                             * @description The number to call, a US number in any common form ((415) 555-0100, 415.555.0100, +1 415 555 0100). Stored and returned as E.164 (+14155550100). Toll-free and premium numbers are refused.
                             * @example +14155550100
                             */
                            phoneNumber?: string;
                            /**
                             * @description First line of the street address.
                             * @example 123 Main St
                             */
                            streetAddress1?: string;
                            /**
                             * @description Second line of the street address, if any.
                             * @example Apt 4B
                             */
                            streetAddress2?: string;
                            /**
                             * @description City.
                             * @example San Francisco
                             */
                            city?: string;
                            /**
                             * @description USPS state or territory code (CA, NY, DC, PR, AE…), any case; returned upper-case.
                             * @example CA
                             */
                            state?: string;
                            /**
                             * @description ZIP code: 5 digits or ZIP+4.
                             * @example 94102
                             */
                            zipCode?: string;
                            /** @description Never call this customer. Defaults to false. */
                            doNotCall: boolean;
                            /** @description Marks a test customer (never called for real; filter with GET /customers?test=true). */
                            isTest: boolean;
                            /**
                             * @description Which kind of call schedule to build for the customer. Valid values are your company's task types (matched case-insensitively); an unknown one is refused with the list of valid ones.
                             * @example collections
                             */
                            taskType: string;
                            /**
                             * @description Any JSON object of your own (employer, pay schedule, other numbers…), at most 64 KiB; stored and returned exactly as given. Numbers keep the text you sent: 12345678901234567890, 1e400, -0 and 1.0e2 come back as written, never rounded. Any name is kept, __proto__ included; a name given twice in one object is refused (400, with its pointer), as in any body.
                             * @example {
                             *       "employer_name": "Acme Corporation",
                             *       "pay_frequency": "biweekly",
                             *       "pay_day": "Friday"
                             *     }
                             */
                            externalMetadata?: {
                                [key: string]: unknown;
                            };
                            /** @description Why calls to this customer stopped: a flag such as ATTORNEY_REP or BANKRUPTCY on a recorded call. Absent while calls may go ahead. */
                            stopReason?: string;
                            /** @description When an operator stopped the schedule (POST /customers/{id}/schedule/stop): nothing is planned or dialled until it is resumed. Absent while the schedule runs. */
                            scheduleStoppedAt?: string;
                            /** @description Present while the consumer's own revocation stops AI-voice calls to the customer's number. doNotCall: false (a sync, a PATCH, your LMS) does not clear it: only a newer consent with its evidence, recorded with POST /customers/{id}/consent. */
                            callingStopped?: {
                                /**
                                 * @description The consumer revoked consent to be called (47 CFR 64.1200(a)(10)).
                                 * @enum {string}
                                 */
                                reason: "consent_revoked";
                                /** @description When the revocation took effect (RFC 3339, UTC). */
                                since: string;
                                /**
                                 * @description Where the revocation came from (call: a DNC on a recorded call).
                                 * @enum {string}
                                 */
                                source: "lender" | "lms" | "call" | "inbound_opt_out" | "api" | "console";
                                /** @description The consent event that stopped calling (GET /customers/{id}/consent). */
                                eventId: string;
                            };
                            /**
                             * @description Only on customers created or updated with sync: true. For each stored field, where its value came from: caller (your request), lms (your loan management system) or zip (a timezone derived from the ZIP code). See docs/lms.md.
                             * @example {
                             *       "firstName": "lms",
                             *       "phoneNumber": "caller",
                             *       "timezone": "zip"
                             *     }
                             */
                            provenance?: {
                                firstName?: "caller" | "lms" | "zip";
                                lastName?: "caller" | "lms" | "zip";
                                email?: "caller" | "lms" | "zip";
                                phoneNumber?: "caller" | "lms" | "zip";
                                streetAddress1?: "caller" | "lms" | "zip";
                                streetAddress2?: "caller" | "lms" | "zip";
                                city?: "caller" | "lms" | "zip";
                                state?: "caller" | "lms" | "zip";
                                zipCode?: "caller" | "lms" | "zip";
                                birthday?: "caller" | "lms" | "zip";
                                ssnLastFour?: "caller" | "lms" | "zip";
                                timezone?: "caller" | "lms" | "zip";
                            };
                            /** @description When the customer was created (RFC 3339, UTC). */
                            createdAt: string;
                            /** @description When the customer last changed (RFC 3339, UTC). */
                            updatedAt: string;
                            /** @description Whether a schedule was built: the customer has a phone number and a time zone and may be called. */
                            scheduleCreated: boolean;
                            /** @description Attempts in the new schedule. */
                            tasksCreated: number;
                            /** @description Pending attempts of the previous schedule that were removed. */
                            existingTasksRemoved: number;
                            /** @description Why nothing is planned, when nothing is: do not call, calls stopped, no phone number… */
                            notPlannedBecause?: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{id}/schedule/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a customer's stopped schedule
         * @description Lifts an operator's stop and plans the schedule anew from now (callbacks still pending stay, re-checked). It lifts nothing else: a customer who is doNotCall, whose calls a recorded call stopped (stopReason) or whose consent was revoked stays unplanned, and notPlannedBecause says why. On the audit trail (schedule.resumed).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Your customer id, percent-encoded (/, ? and # included). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Your reference for the customer; it should match your own system's id. Unique within your company. Any characters but control characters; in a path, percent-encode it (encodeURIComponent: ACME/7 is /customers/ACME%2F7). `.` and `..` are refused: no URL can address them.
                             * @example CUST-10023
                             */
                            id: string;
                            /**
                             * @description The customer's first name.
                             * @example Ana
                             */
                            firstName?: string;
                            /**
                             * @description The customer's last name.
                             * @example Reyes
                             */
                            lastName?: string;
                            /**
                             * @description The customer's e-mail address.
                             * @example ana.reyes@example.com
                             */
                            email?: string;
                            /**
                             * @description Date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900.
                             * @example 1985-06-15
                             */
                            birthday?: string;
                            /**
                             * @description The last four digits of the SSN, exactly four digits. Encrypted at rest.
                             * @example 1234
                             */
                            ssnLastFour?: string;
                            /**
                             * @description The customer's IANA time-zone name (America/New_York, America/Chicago; links such as US/Eastern are accepted and stored canonically). Abbreviations (EST), POSIX names (EST5EDT) and offsets are refused. Calls are only placed at lawful local hours.
                             * @example America/Los_Angeles
                             */
                            timezone?: string;
                            /**
                             * @description The number to call, a US number in any common form ((415) 555-0100, 415.555.0100, +1 415 555 0100). Stored and returned as E.164 (+14155550100). Toll-free and premium numbers are refused.
                             * @example +14155550100
                             */
                            phoneNumber?: string;
                            /**
                             * @description First line of the street address.
                             * @example 123 Main St
                             */
                            streetAddress1?: string;
                            /**
                             * @description Second line of the street address, if any.
                             * @example Apt 4B
                             */
                            streetAddress2?: string;
                            /**
                             * @description City.
                             * @example San Francisco
                             */
                            city?: string;
                            /**
                             * @description USPS state or territory code (CA, NY, DC, PR, AE…), any case; returned upper-case.
                             * @example CA
                             */
                            state?: string;
                            /**
                             * @description ZIP code: 5 digits or ZIP+4.
                             * @example 94102
                             */
                            zipCode?: string;
                            /** @description Never call this customer. Defaults to false. */
                            doNotCall: boolean;
                            /** @description Marks a test customer (never called for real; filter with GET /customers?test=true). */
                            isTest: boolean;
                            /**
                             * @description Which kind of call schedule to build for the customer. Valid values are your company's task types (matched case-insensitively); an unknown one is refused with the list of valid ones.
                             * @example collections
                             */
                            taskType: string;
                            /**
                             * @description Any JSON object of your own (employer, pay schedule, other numbers…), at most 64 KiB; stored and returned exactly as given. Numbers keep the text you sent: 12345678901234567890, 1e400, -0 and 1.0e2 come back as written, never rounded. Any name is kept, __proto__ included; a name given twice in one object is refused (400, with its pointer), as in any body.
                             * @example {
                             *       "employer_name": "Acme Corporation",
                             *       "pay_frequency": "biweekly",
                             *       "pay_day": "Friday"
                             *     }
                             */
                            externalMetadata?: {
                                [key: string]: unknown;
                            };
                            /** @description Why calls to this customer stopped: a flag such as ATTORNEY_REP or BANKRUPTCY on a recorded call. Absent while calls may go ahead. */
                            stopReason?: string;
                            /** @description When an operator stopped the schedule (POST /customers/{id}/schedule/stop): nothing is planned or dialled until it is resumed. Absent while the schedule runs. */
                            scheduleStoppedAt?: string;
                            /** @description Present while the consumer's own revocation stops AI-voice calls to the customer's number. doNotCall: false (a sync, a PATCH, your LMS) does not clear it: only a newer consent with its evidence, recorded with POST /customers/{id}/consent. */
                            callingStopped?: {
                                /**
                                 * @description The consumer revoked consent to be called (47 CFR 64.1200(a)(10)).
                                 * @enum {string}
                                 */
                                reason: "consent_revoked";
                                /** @description When the revocation took effect (RFC 3339, UTC). */
                                since: string;
                                /**
                                 * @description Where the revocation came from (call: a DNC on a recorded call).
                                 * @enum {string}
                                 */
                                source: "lender" | "lms" | "call" | "inbound_opt_out" | "api" | "console";
                                /** @description The consent event that stopped calling (GET /customers/{id}/consent). */
                                eventId: string;
                            };
                            /**
                             * @description Only on customers created or updated with sync: true. For each stored field, where its value came from: caller (your request), lms (your loan management system) or zip (a timezone derived from the ZIP code). See docs/lms.md.
                             * @example {
                             *       "firstName": "lms",
                             *       "phoneNumber": "caller",
                             *       "timezone": "zip"
                             *     }
                             */
                            provenance?: {
                                firstName?: "caller" | "lms" | "zip";
                                lastName?: "caller" | "lms" | "zip";
                                email?: "caller" | "lms" | "zip";
                                phoneNumber?: "caller" | "lms" | "zip";
                                streetAddress1?: "caller" | "lms" | "zip";
                                streetAddress2?: "caller" | "lms" | "zip";
                                city?: "caller" | "lms" | "zip";
                                state?: "caller" | "lms" | "zip";
                                zipCode?: "caller" | "lms" | "zip";
                                birthday?: "caller" | "lms" | "zip";
                                ssnLastFour?: "caller" | "lms" | "zip";
                                timezone?: "caller" | "lms" | "zip";
                            };
                            /** @description When the customer was created (RFC 3339, UTC). */
                            createdAt: string;
                            /** @description When the customer last changed (RFC 3339, UTC). */
                            updatedAt: string;
                            /** @description Whether a schedule was built: the customer has a phone number and a time zone and may be called. */
                            scheduleCreated: boolean;
                            /** @description Attempts in the new schedule. */
                            tasksCreated: number;
                            /** @description Pending attempts of the previous schedule that were removed. */
                            existingTasksRemoved: number;
                            /** @description Why nothing is planned, when nothing is: do not call, calls stopped, no phone number… */
                            notPlannedBecause?: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{id}/schedule/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rebuild a customer's schedule
         * @description Replaces the pending attempts with a fresh plan from the customer's task type, the recorded calls and now, as a schedule sync does without changing any field; requested callbacks stay, re-checked. A stopped schedule stays stopped (nothing is planned). On the audit trail (schedule.rebuilt).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Your customer id, percent-encoded (/, ? and # included). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Your reference for the customer; it should match your own system's id. Unique within your company. Any characters but control characters; in a path, percent-encode it (encodeURIComponent: ACME/7 is /customers/ACME%2F7). `.` and `..` are refused: no URL can address them.
                             * @example CUST-10023
                             */
                            id: string;
                            /**
                             * @description The customer's first name.
                             * @example Ana
                             */
                            firstName?: string;
                            /**
                             * @description The customer's last name.
                             * @example Reyes
                             */
                            lastName?: string;
                            /**
                             * @description The customer's e-mail address.
                             * @example ana.reyes@example.com
                             */
                            email?: string;
                            /**
                             * @description Date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900.
                             * @example 1985-06-15
                             */
                            birthday?: string;
                            /**
                             * @description The last four digits of the SSN, exactly four digits. Encrypted at rest.
                             * @example 1234
                             */
                            ssnLastFour?: string;
                            /**
                             * @description The customer's IANA time-zone name (America/New_York, America/Chicago; links such as US/Eastern are accepted and stored canonically). Abbreviations (EST), POSIX names (EST5EDT) and offsets are refused. Calls are only placed at lawful local hours.
                             * @example America/Los_Angeles
                             */
                            timezone?: string;
                            /**
                             * @description The number to call, a US number in any common form ((415) 555-0100, 415.555.0100, +1 415 555 0100). Stored and returned as E.164 (+14155550100). Toll-free and premium numbers are refused.
                             * @example +14155550100
                             */
                            phoneNumber?: string;
                            /**
                             * @description First line of the street address.
                             * @example 123 Main St
                             */
                            streetAddress1?: string;
                            /**
                             * @description Second line of the street address, if any.
                             * @example Apt 4B
                             */
                            streetAddress2?: string;
                            /**
                             * @description City.
                             * @example San Francisco
                             */
                            city?: string;
                            /**
                             * @description USPS state or territory code (CA, NY, DC, PR, AE…), any case; returned upper-case.
                             * @example CA
                             */
                            state?: string;
                            /**
                             * @description ZIP code: 5 digits or ZIP+4.
                             * @example 94102
                             */
                            zipCode?: string;
                            /** @description Never call this customer. Defaults to false. */
                            doNotCall: boolean;
                            /** @description Marks a test customer (never called for real; filter with GET /customers?test=true). */
                            isTest: boolean;
                            /**
                             * @description Which kind of call schedule to build for the customer. Valid values are your company's task types (matched case-insensitively); an unknown one is refused with the list of valid ones.
                             * @example collections
                             */
                            taskType: string;
                            /**
                             * @description Any JSON object of your own (employer, pay schedule, other numbers…), at most 64 KiB; stored and returned exactly as given. Numbers keep the text you sent: 12345678901234567890, 1e400, -0 and 1.0e2 come back as written, never rounded. Any name is kept, __proto__ included; a name given twice in one object is refused (400, with its pointer), as in any body.
                             * @example {
                             *       "employer_name": "Acme Corporation",
                             *       "pay_frequency": "biweekly",
                             *       "pay_day": "Friday"
                             *     }
                             */
                            externalMetadata?: {
                                [key: string]: unknown;
                            };
                            /** @description Why calls to this customer stopped: a flag such as ATTORNEY_REP or BANKRUPTCY on a recorded call. Absent while calls may go ahead. */
                            stopReason?: string;
                            /** @description When an operator stopped the schedule (POST /customers/{id}/schedule/stop): nothing is planned or dialled until it is resumed. Absent while the schedule runs. */
                            scheduleStoppedAt?: string;
                            /** @description Present while the consumer's own revocation stops AI-voice calls to the customer's number. doNotCall: false (a sync, a PATCH, your LMS) does not clear it: only a newer consent with its evidence, recorded with POST /customers/{id}/consent. */
                            callingStopped?: {
                                /**
                                 * @description The consumer revoked consent to be called (47 CFR 64.1200(a)(10)).
                                 * @enum {string}
                                 */
                                reason: "consent_revoked";
                                /** @description When the revocation took effect (RFC 3339, UTC). */
                                since: string;
                                /**
                                 * @description Where the revocation came from (call: a DNC on a recorded call).
                                 * @enum {string}
                                 */
                                source: "lender" | "lms" | "call" | "inbound_opt_out" | "api" | "console";
                                /** @description The consent event that stopped calling (GET /customers/{id}/consent). */
                                eventId: string;
                            };
                            /**
                             * @description Only on customers created or updated with sync: true. For each stored field, where its value came from: caller (your request), lms (your loan management system) or zip (a timezone derived from the ZIP code). See docs/lms.md.
                             * @example {
                             *       "firstName": "lms",
                             *       "phoneNumber": "caller",
                             *       "timezone": "zip"
                             *     }
                             */
                            provenance?: {
                                firstName?: "caller" | "lms" | "zip";
                                lastName?: "caller" | "lms" | "zip";
                                email?: "caller" | "lms" | "zip";
                                phoneNumber?: "caller" | "lms" | "zip";
                                streetAddress1?: "caller" | "lms" | "zip";
                                streetAddress2?: "caller" | "lms" | "zip";
                                city?: "caller" | "lms" | "zip";
                                state?: "caller" | "lms" | "zip";
                                zipCode?: "caller" | "lms" | "zip";
                                birthday?: "caller" | "lms" | "zip";
                                ssnLastFour?: "caller" | "lms" | "zip";
                                timezone?: "caller" | "lms" | "zip";
                            };
                            /** @description When the customer was created (RFC 3339, UTC). */
                            createdAt: string;
                            /** @description When the customer last changed (RFC 3339, UTC). */
                            updatedAt: string;
                            /** @description Whether a schedule was built: the customer has a phone number and a time zone and may be called. */
                            scheduleCreated: boolean;
                            /** @description Attempts in the new schedule. */
                            tasksCreated: number;
                            /** @description Pending attempts of the previous schedule that were removed. */
                            existingTasksRemoved: number;
                            /** @description Why nothing is planned, when nothing is: do not call, calls stopped, no phone number… */
                            notPlannedBecause?: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/schedule/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create or update a customer and rebuild its call schedule
         * @description Upserts the customer (same fields and rules as creation; also required here: email, birthday, ssnLastFour), removes its pending scheduled calls and plans a new schedule from its task type, in one transaction. An omitted doNotCall keeps the stored value. Safe to retry: the same request reaches the same end state.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description A customer to add. Without sync, also required: firstName, lastName, phoneNumber, timezone, streetAddress1, city, state, zipCode. */
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Your reference for the customer; it should match your own system's id. Unique within your company. Any characters but control characters; in a path, percent-encode it (encodeURIComponent: ACME/7 is /customers/ACME%2F7). `.` and `..` are refused: no URL can address them.
                         * @example CUST-10023
                         */
                        id: string;
                        /**
                         * @description The customer's first name.
                         * @example Ana
                         */
                        firstName?: string;
                        /**
                         * @description The customer's last name.
                         * @example Reyes
                         */
                        lastName?: string;
                        /**
                         * @description The customer's e-mail address.
                         * @example ana.reyes@example.com
                         */
                        email?: string;
                        /**
                         * @description Date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900.
                         * @example 1985-06-15
                         */
                        birthday?: string;
                        /**
                         * @description The last four digits of the SSN, exactly four digits. Encrypted at rest.
                         * @example 1234
                         */
                        ssnLastFour?: string;
                        /**
                         * @description The customer's IANA time-zone name (America/New_York, America/Chicago; links such as US/Eastern are accepted and stored canonically). Abbreviations (EST), POSIX names (EST5EDT) and offsets are refused. Calls are only placed at lawful local hours.
                         * @example America/Los_Angeles
                         */
                        timezone?: string;
                        /**
                         * @description The number to call, a US number in any common form ((415) 555-0100, 415.555.0100, +1 415 555 0100). Stored and returned as E.164 (+14155550100). Toll-free and premium numbers are refused.
                         * @example +14155550100
                         */
                        phoneNumber?: string;
                        /**
                         * @description First line of the street address.
                         * @example 123 Main St
                         */
                        streetAddress1?: string;
                        /**
                         * @description Second line of the street address, if any.
                         * @example Apt 4B
                         */
                        streetAddress2?: string;
                        /**
                         * @description City.
                         * @example San Francisco
                         */
                        city?: string;
                        /**
                         * @description USPS state or territory code (CA, NY, DC, PR, AE…), any case; returned upper-case.
                         * @example CA
                         */
                        state?: string;
                        /**
                         * @description ZIP code: 5 digits or ZIP+4.
                         * @example 94102
                         */
                        zipCode?: string;
                        /** @description Never call this customer. Defaults to false. */
                        doNotCall?: boolean;
                        /** @description Marks a test customer (never called for real; filter with GET /customers?test=true). */
                        isTest?: boolean;
                        /**
                         * @description Which kind of call schedule to build for the customer. Valid values are your company's task types (matched case-insensitively); an unknown one is refused with the list of valid ones.
                         * @example collections
                         */
                        taskType: string;
                        /**
                         * @description Any JSON object of your own (employer, pay schedule, other numbers…), at most 64 KiB; stored and returned exactly as given. Numbers keep the text you sent: 12345678901234567890, 1e400, -0 and 1.0e2 come back as written, never rounded. Any name is kept, __proto__ included; a name given twice in one object is refused (400, with its pointer), as in any body.
                         * @example {
                         *       "employer_name": "Acme Corporation",
                         *       "pay_frequency": "biweekly",
                         *       "pay_day": "Friday"
                         *     }
                         */
                        externalMetadata?: {
                            [key: string]: unknown;
                        };
                        /** @description Same as isTest; the customer is a test customer if either is true. Responses always say isTest. */
                        test?: boolean;
                        /**
                         * @description Loan ids in your LMS to import for this customer; all loans when omitted. Without an LMS they are recorded as the customer's loan references.
                         * @example [
                         *       123,
                         *       456,
                         *       789
                         *     ]
                         */
                        loanIds?: number[];
                        /** @description Fetch missing fields from your loan management system, using id (or loanId) to find the customer. Caller-supplied values win. Defaults to false. */
                        sync?: boolean;
                        /**
                         * @description One loan in your LMS used to find and enrich the customer (distinct from loanIds, which filters imports).
                         * @example 67890
                         */
                        loanId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /**
                             * @description Your reference for the customer; it should match your own system's id. Unique within your company. Any characters but control characters; in a path, percent-encode it (encodeURIComponent: ACME/7 is /customers/ACME%2F7). `.` and `..` are refused: no URL can address them.
                             * @example CUST-10023
                             */
                            id: string;
                            /**
                             * @description The customer's first name.
                             * @example Ana
                             */
                            firstName?: string;
                            /**
                             * @description The customer's last name.
                             * @example Reyes
                             */
                            lastName?: string;
                            /**
                             * @description The customer's e-mail address.
                             * @example ana.reyes@example.com
                             */
                            email?: string;
                            /**
                             * @description Date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900.
                             * @example 1985-06-15
                             */
                            birthday?: string;
                            /**
                             * @description The last four digits of the SSN, exactly four digits. Encrypted at rest.
                             * @example 1234
                             */
                            ssnLastFour?: string;
                            /**
                             * @description The customer's IANA time-zone name (America/New_York, America/Chicago; links such as US/Eastern are accepted and stored canonically). Abbreviations (EST), POSIX names (EST5EDT) and offsets are refused. Calls are only placed at lawful local hours.
                             * @example America/Los_Angeles
                             */
                            timezone?: string;
                            /**
                             * @description The number to call, a US number in any common form ((415) 555-0100, 415.555.0100, +1 415 555 0100). Stored and returned as E.164 (+14155550100). Toll-free and premium numbers are refused.
                             * @example +14155550100
                             */
                            phoneNumber?: string;
                            /**
                             * @description First line of the street address.
                             * @example 123 Main St
                             */
                            streetAddress1?: string;
                            /**
                             * @description Second line of the street address, if any.
                             * @example Apt 4B
                             */
                            streetAddress2?: string;
                            /**
                             * @description City.
                             * @example San Francisco
                             */
                            city?: string;
                            /**
                             * @description USPS state or territory code (CA, NY, DC, PR, AE…), any case; returned upper-case.
                             * @example CA
                             */
                            state?: string;
                            /**
                             * @description ZIP code: 5 digits or ZIP+4.
                             * @example 94102
                             */
                            zipCode?: string;
                            /** @description Never call this customer. Defaults to false. */
                            doNotCall: boolean;
                            /** @description Marks a test customer (never called for real; filter with GET /customers?test=true). */
                            isTest: boolean;
                            /**
                             * @description Which kind of call schedule to build for the customer. Valid values are your company's task types (matched case-insensitively); an unknown one is refused with the list of valid ones.
                             * @example collections
                             */
                            taskType: string;
                            /**
                             * @description Any JSON object of your own (employer, pay schedule, other numbers…), at most 64 KiB; stored and returned exactly as given. Numbers keep the text you sent: 12345678901234567890, 1e400, -0 and 1.0e2 come back as written, never rounded. Any name is kept, __proto__ included; a name given twice in one object is refused (400, with its pointer), as in any body.
                             * @example {
                             *       "employer_name": "Acme Corporation",
                             *       "pay_frequency": "biweekly",
                             *       "pay_day": "Friday"
                             *     }
                             */
                            externalMetadata?: {
                                [key: string]: unknown;
                            };
                            /** @description Why calls to this customer stopped: a flag such as ATTORNEY_REP or BANKRUPTCY on a recorded call. Absent while calls may go ahead. */
                            stopReason?: string;
                            /** @description When an operator stopped the schedule (POST /customers/{id}/schedule/stop): nothing is planned or dialled until it is resumed. Absent while the schedule runs. */
                            scheduleStoppedAt?: string;
                            /** @description Present while the consumer's own revocation stops AI-voice calls to the customer's number. doNotCall: false (a sync, a PATCH, your LMS) does not clear it: only a newer consent with its evidence, recorded with POST /customers/{id}/consent. */
                            callingStopped?: {
                                /**
                                 * @description The consumer revoked consent to be called (47 CFR 64.1200(a)(10)).
                                 * @enum {string}
                                 */
                                reason: "consent_revoked";
                                /** @description When the revocation took effect (RFC 3339, UTC). */
                                since: string;
                                /**
                                 * @description Where the revocation came from (call: a DNC on a recorded call).
                                 * @enum {string}
                                 */
                                source: "lender" | "lms" | "call" | "inbound_opt_out" | "api" | "console";
                                /** @description The consent event that stopped calling (GET /customers/{id}/consent). */
                                eventId: string;
                            };
                            /**
                             * @description Only on customers created or updated with sync: true. For each stored field, where its value came from: caller (your request), lms (your loan management system) or zip (a timezone derived from the ZIP code). See docs/lms.md.
                             * @example {
                             *       "firstName": "lms",
                             *       "phoneNumber": "caller",
                             *       "timezone": "zip"
                             *     }
                             */
                            provenance?: {
                                firstName?: "caller" | "lms" | "zip";
                                lastName?: "caller" | "lms" | "zip";
                                email?: "caller" | "lms" | "zip";
                                phoneNumber?: "caller" | "lms" | "zip";
                                streetAddress1?: "caller" | "lms" | "zip";
                                streetAddress2?: "caller" | "lms" | "zip";
                                city?: "caller" | "lms" | "zip";
                                state?: "caller" | "lms" | "zip";
                                zipCode?: "caller" | "lms" | "zip";
                                birthday?: "caller" | "lms" | "zip";
                                ssnLastFour?: "caller" | "lms" | "zip";
                                timezone?: "caller" | "lms" | "zip";
                            };
                            /** @description When the customer was created (RFC 3339, UTC). */
                            createdAt: string;
                            /** @description When the customer last changed (RFC 3339, UTC). */
                            updatedAt: string;
                            /** @description Whether a schedule was built: the customer has a phone number and a time zone and may be called. */
                            scheduleCreated: boolean;
                            /** @description Attempts in the new schedule. */
                            tasksCreated: number;
                            /** @description Pending attempts of the previous schedule that were removed. */
                            existingTasksRemoved: number;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{id}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A customer's scheduled calls
         * @description Every planned attempt, oldest first, with its local time in each candidate zone and the explanation of its placement. Filter with status.
         */
        get: {
            parameters: {
                query?: {
                    status?: "scheduled" | "dispatched" | "completed" | "cancelled" | "skipped";
                };
                header?: never;
                path: {
                    /** @description Your customer id, percent-encoded (/, ? and # included). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Task"][];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a call that happened
         * @description Adds the call to the contact ledger the compliance rules count and updates the schedule in the same transaction: DNC marks the customer doNotCall; ATTORNEY_REP, BANKRUPTCY, DECEASED, DEBT_DISPUTE and FRAUD_CLAIM stop the schedule; WRONG_NUMBER retires that number; CALLBACK_REQUEST (which requires callbackAt) adds a consented callback; every remaining scheduled call is re-checked and moved or cancelled as the rules require. The call is on the audit trail (call.recorded: the key, the time and the names of the fields sent). Every invalid field is reported in one 400 and nothing is written; timestamp and callbackAt must not be before 2000-01-01.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Your customer id. */
                        customerId: string;
                        /** @description The number dialled (or that called in), any common US format; stored as E.164. */
                        toPhoneNumber: string;
                        /** @description When the call happened (RFC 3339 with offset). Not in the future, not before 2000-01-01T00:00:00Z. */
                        timestamp: string;
                        /** @description Default outbound. Inbound calls do not count toward 7-in-7 but an inbound conversation starts the 7-day quiet period. */
                        direction?: "outbound" | "inbound";
                        /** @description What happened. Without it, the flags decide; with neither, the call counts as a conversation (the conservative reading). An RPC flag always makes it a conversation. */
                        outcome?: "not_connected" | "no_answer" | "voicemail" | "wrong_party" | "conversation";
                        /** @description The debts discussed; empty = every debt of the customer. */
                        loanIds?: (string | number)[];
                        /** @description Placed with the consumer's direct prior consent (e.g. a requested callback): excluded from 7-in-7 when consentGrantedAt shows it was within seven days of the consent. Without consentGrantedAt it counts like any other call. */
                        consented?: boolean;
                        consentGrantedAt?: string | null;
                        /** @description With consented: the debts the consent covers; the call still counts for the others. Empty or absent = the debts of loanIds. */
                        consentLoanIds?: (string | number)[];
                        durationSeconds?: number;
                        transcript?: string;
                        recordingUrl?: string;
                        summarization?: string;
                        callbackAt?: string | null;
                        /** @description The planned attempt this call was (from the schedule or POST /dispatch/claim): the task is completed by it. Recording the same task again returns the call already recorded. */
                        taskId?: string;
                        /** @description Post-call flags: NO_ANSWER, VOICEMAIL, RPC, DNC, ATTORNEY_REP, BANKRUPTCY, DECEASED, DEBT_DISPUTE, FRAUD_CLAIM, WRONG_NUMBER, CALLBACK_REQUEST, … */
                        flags?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Call"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calls/customer/{customerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A customer's calls
         * @description Newest first, paged with limit and offset.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Maximum calls to return (default 100). */
                    limit?: number;
                    /** @description Calls to skip (newest first). */
                    offset?: number;
                };
                header?: never;
                path: {
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Call"][];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{id}/consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A customer's consent history
         * @description Every consent granted or revoked for the customer, oldest recorded first (a recorded call's DNC flag is a revocation), what they add up to per number (AI-voice consent, and callingStopped while the consumer's revocation is in force), and your company's attestation. A deleted customer's history is kept and still answered here (customerExists: false).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Your customer id, percent-encoded (/, ? and # included). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customerId: string;
                            /** @description False for a deleted customer: its consent history is kept (12 CFR 1006.100) and a customer created again with this id inherits it. */
                            customerExists: boolean;
                            /** @description Per number, what the history adds up to now. */
                            standing: {
                                /** @description E.164: the customer's number, and every number an event names. */
                                phoneNumber: string;
                                /** @description An AI-voice call to this number has prior express consent now. */
                                aiVoiceConsent: boolean;
                                /** @description Where that consent comes from: the customer's own granted event, or your company's attestation; null without consent. */
                                consentFrom: "customer" | "company_attestation" | null;
                                callingStopped: {
                                    /**
                                     * @description The consumer revoked consent to be called (47 CFR 64.1200(a)(10)).
                                     * @enum {string}
                                     */
                                    reason: "consent_revoked";
                                    /** @description When the revocation took effect (RFC 3339, UTC). */
                                    since: string;
                                    /**
                                     * @description Where the revocation came from (call: a DNC on a recorded call).
                                     * @enum {string}
                                     */
                                    source: "lender" | "lms" | "call" | "inbound_opt_out" | "api" | "console";
                                    /** @description The consent event that stopped calling (GET /customers/{id}/consent). */
                                    eventId: string;
                                } | null;
                            }[];
                            /** @description Null when your company does not attest consent for the numbers it sends. */
                            companyAttestation: {
                                since: string;
                                eventId: string;
                                evidence: string | null;
                            } | null;
                            /** @description The customer's consent events, oldest recorded first. */
                            events: {
                                id: string;
                                /**
                                 * @description granted: the consumer gave prior express consent; revoked: the consumer withdrew it (asked not to be called).
                                 * @enum {string}
                                 */
                                kind: "granted" | "revoked";
                                /** @description E.164; null = every number. */
                                phoneNumber: string | null;
                                /**
                                 * @description How it was given: call, sms, email, mail, web, in_person, other.
                                 * @enum {string}
                                 */
                                channel: "call" | "sms" | "email" | "mail" | "web" | "in_person" | "other";
                                /** @description When it took effect (RFC 3339, UTC). */
                                effectiveAt: string;
                                scope: {
                                    /** @description The debt or account it concerns; null = every debt. */
                                    loanId: string | null;
                                    /**
                                     * @description What it covers: voice calls, text messages, or all (default).
                                     * @enum {string}
                                     */
                                    channel: "voice" | "sms" | "all";
                                    /** @description It covers artificial or prerecorded voices (an AI voice is one: FCC 24-17). Default true. */
                                    artificialVoice: boolean;
                                };
                                /**
                                 * @description Who reported it: lender (your own attestation; never clears a revocation), lms, call (a recorded call), inbound_opt_out (a reply STOP, a letter), api (default) or console.
                                 * @enum {string}
                                 */
                                source: "lender" | "lms" | "call" | "inbound_opt_out" | "api" | "console";
                                evidence: string | null;
                                /** @description The recorded call it came from (a DNC flag). */
                                callId: string | null;
                                /** @description When Callwise recorded it (RFC 3339, UTC). */
                                recordedAt: string;
                                /** @description The API key id that recorded it, or system, cli, migration. */
                                recordedBy: string | null;
                            }[];
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Record consent given or revoked
         * @description Appends one event to the customer's consent ledger and applies it in the same transaction: a revocation stops AI-voice calls to the number it names (every number without phoneNumber) and cancels the pending plan; a granted consent needs evidence, and only such a consent, newer than a revocation and not sent as source lender, clears it (the plan is then rebuilt). doNotCall: false never does. Every invalid field is reported in one 400 and nothing is written. A deleted customer's id takes events while its records are kept; an unknown id is a 404.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Your customer id, percent-encoded (/, ? and # included). */
                    id: string;
                };
                cookie?: never;
            };
            /** @description A consent given or revoked, recorded in the ledger as it is: events are never changed or removed. */
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description granted: the consumer gave prior express consent; revoked: the consumer withdrew it (asked not to be called).
                         * @enum {string}
                         */
                        kind: "granted" | "revoked";
                        /** @description The number it concerns, any common US form; stored as E.164. Omit for every number of the customer. */
                        phoneNumber?: string;
                        /**
                         * @description How it was given: call, sms, email, mail, web, in_person, other.
                         * @enum {string}
                         */
                        channel: "call" | "sms" | "email" | "mail" | "web" | "in_person" | "other";
                        /** @description When it was given or revoked (RFC 3339 with offset). Default now; not in the future, not before 2000. */
                        effectiveAt?: string;
                        /** @description What it covers. Default: every debt, every channel, artificial voice. */
                        scope?: {
                            /** @description The debt or account it concerns; null = every debt. */
                            loanId?: string | null;
                            /**
                             * @description What it covers: voice calls, text messages, or all (default).
                             * @enum {string}
                             */
                            channel?: "voice" | "sms" | "all";
                            /** @description It covers artificial or prerecorded voices (an AI voice is one: FCC 24-17). Default true. */
                            artificialVoice?: boolean;
                        };
                        /**
                         * @description Who reported it: lender (your own attestation; never clears a revocation), lms, call (a recorded call), inbound_opt_out (a reply STOP, a letter), api (default) or console.
                         * @enum {string}
                         */
                        source?: "lender" | "lms" | "call" | "inbound_opt_out" | "api" | "console";
                        /** @description How and where it was given: a recording reference, the form, the words. Required for granted; a granted consent with evidence is the only thing that clears an earlier revocation. */
                        evidence?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customerId: string;
                            /** @description False for a deleted customer: its consent history is kept (12 CFR 1006.100) and a customer created again with this id inherits it. */
                            customerExists: boolean;
                            /** @description Per number, what the history adds up to now. */
                            standing: {
                                /** @description E.164: the customer's number, and every number an event names. */
                                phoneNumber: string;
                                /** @description An AI-voice call to this number has prior express consent now. */
                                aiVoiceConsent: boolean;
                                /** @description Where that consent comes from: the customer's own granted event, or your company's attestation; null without consent. */
                                consentFrom: "customer" | "company_attestation" | null;
                                callingStopped: {
                                    /**
                                     * @description The consumer revoked consent to be called (47 CFR 64.1200(a)(10)).
                                     * @enum {string}
                                     */
                                    reason: "consent_revoked";
                                    /** @description When the revocation took effect (RFC 3339, UTC). */
                                    since: string;
                                    /**
                                     * @description Where the revocation came from (call: a DNC on a recorded call).
                                     * @enum {string}
                                     */
                                    source: "lender" | "lms" | "call" | "inbound_opt_out" | "api" | "console";
                                    /** @description The consent event that stopped calling (GET /customers/{id}/consent). */
                                    eventId: string;
                                } | null;
                            }[];
                            /** @description Null when your company does not attest consent for the numbers it sends. */
                            companyAttestation: {
                                since: string;
                                eventId: string;
                                evidence: string | null;
                            } | null;
                            /** @description The customer's consent events, oldest recorded first. */
                            events: {
                                id: string;
                                /**
                                 * @description granted: the consumer gave prior express consent; revoked: the consumer withdrew it (asked not to be called).
                                 * @enum {string}
                                 */
                                kind: "granted" | "revoked";
                                /** @description E.164; null = every number. */
                                phoneNumber: string | null;
                                /**
                                 * @description How it was given: call, sms, email, mail, web, in_person, other.
                                 * @enum {string}
                                 */
                                channel: "call" | "sms" | "email" | "mail" | "web" | "in_person" | "other";
                                /** @description When it took effect (RFC 3339, UTC). */
                                effectiveAt: string;
                                scope: {
                                    /** @description The debt or account it concerns; null = every debt. */
                                    loanId: string | null;
                                    /**
                                     * @description What it covers: voice calls, text messages, or all (default).
                                     * @enum {string}
                                     */
                                    channel: "voice" | "sms" | "all";
                                    /** @description It covers artificial or prerecorded voices (an AI voice is one: FCC 24-17). Default true. */
                                    artificialVoice: boolean;
                                };
                                /**
                                 * @description Who reported it: lender (your own attestation; never clears a revocation), lms, call (a recorded call), inbound_opt_out (a reply STOP, a letter), api (default) or console.
                                 * @enum {string}
                                 */
                                source: "lender" | "lms" | "call" | "inbound_opt_out" | "api" | "console";
                                evidence: string | null;
                                /** @description The recorded call it came from (a DNC flag). */
                                callId: string | null;
                                /** @description When Callwise recorded it (RFC 3339, UTC). */
                                recordedAt: string;
                                /** @description The API key id that recorded it, or system, cli, migration. */
                                recordedBy: string | null;
                            }[];
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/task-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your company's task types, their cadences and purposes */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            /** @description How a task type turns into call attempts. */
                            cadence: {
                                /** @description Day offsets from the day the schedule is built (0 = that day), ascending. */
                                days: number[];
                                /** @description Preferred local time ranges; attempt n prefers range n mod count. */
                                timeRanges: {
                                    /** @description Local 'HH:MM', inclusive. */
                                    start: string;
                                    /** @description Local 'HH:MM', exclusive. */
                                    end: string;
                                }[];
                                attemptsPerDay: number;
                                totalAttempts: number;
                                /** @description No attempt is planned this many days or more after the start day. */
                                horizonDays: number;
                            };
                            /** @description True while the task type uses the built-in cadence for its name. */
                            defaultCadence: boolean;
                            /**
                             * @description What the calls are for. collection, servicing and verification calls get the collection rules; marketing calls (telephone solicitations) also get the telemarketing rules — federal and Florida hours, the National Do-Not-Call Registry, Florida’s 3 calls in 24 hours, the Sunday and holiday bans of AL, LA, MS, RI and UT — and need the company setting marketingCalls.
                             * @example collection
                             */
                            purpose: "collection" | "servicing" | "verification" | "marketing";
                        }[];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/task-types/{name}/cadence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change a task type's cadence
         * @description Replaces the cadence used for schedules built from now on (existing schedules keep their attempts until rebuilt). An invalid cadence is refused with every problem listed.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            /** @description How a task type turns into call attempts. */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Day offsets from the day the schedule is built (0 = that day), ascending. */
                        days: number[];
                        /** @description Preferred local time ranges; attempt n prefers range n mod count. */
                        timeRanges: {
                            /** @description Local 'HH:MM', inclusive. */
                            start: string;
                            /** @description Local 'HH:MM', exclusive. */
                            end: string;
                        }[];
                        attemptsPerDay: number;
                        totalAttempts: number;
                        /** @description No attempt is planned this many days or more after the start day. */
                        horizonDays: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            /** @description How a task type turns into call attempts. */
                            cadence: {
                                /** @description Day offsets from the day the schedule is built (0 = that day), ascending. */
                                days: number[];
                                /** @description Preferred local time ranges; attempt n prefers range n mod count. */
                                timeRanges: {
                                    /** @description Local 'HH:MM', inclusive. */
                                    start: string;
                                    /** @description Local 'HH:MM', exclusive. */
                                    end: string;
                                }[];
                                attemptsPerDay: number;
                                totalAttempts: number;
                                /** @description No attempt is planned this many days or more after the start day. */
                                horizonDays: number;
                            };
                            /** @description True while the task type uses the built-in cadence for its name. */
                            defaultCadence: boolean;
                            /**
                             * @description What the calls are for. collection, servicing and verification calls get the collection rules; marketing calls (telephone solicitations) also get the telemarketing rules — federal and Florida hours, the National Do-Not-Call Registry, Florida’s 3 calls in 24 hours, the Sunday and holiday bans of AL, LA, MS, RI and UT — and need the company setting marketingCalls.
                             * @example collection
                             */
                            purpose: "collection" | "servicing" | "verification" | "marketing";
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/task-types/{name}/purpose": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Change a task type's purpose
         * @description What the calls of this task type are for. Schedules planned from now on, re-checks and every dial-time check use it; pending attempts keep their times until their customer is re-planned or re-checked, and are checked with the new purpose when dialled. `marketing` is refused (422 marketing_not_enabled, naming /purpose) until your company enables marketing calls.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description What the calls are for. collection, servicing and verification calls get the collection rules; marketing calls (telephone solicitations) also get the telemarketing rules — federal and Florida hours, the National Do-Not-Call Registry, Florida’s 3 calls in 24 hours, the Sunday and holiday bans of AL, LA, MS, RI and UT — and need the company setting marketingCalls.
                         * @example collection
                         */
                        purpose: "collection" | "servicing" | "verification" | "marketing";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            /** @description How a task type turns into call attempts. */
                            cadence: {
                                /** @description Day offsets from the day the schedule is built (0 = that day), ascending. */
                                days: number[];
                                /** @description Preferred local time ranges; attempt n prefers range n mod count. */
                                timeRanges: {
                                    /** @description Local 'HH:MM', inclusive. */
                                    start: string;
                                    /** @description Local 'HH:MM', exclusive. */
                                    end: string;
                                }[];
                                attemptsPerDay: number;
                                totalAttempts: number;
                                /** @description No attempt is planned this many days or more after the start day. */
                                horizonDays: number;
                            };
                            /** @description True while the task type uses the built-in cadence for its name. */
                            defaultCadence: boolean;
                            /**
                             * @description What the calls are for. collection, servicing and verification calls get the collection rules; marketing calls (telephone solicitations) also get the telemarketing rules — federal and Florida hours, the National Do-Not-Call Registry, Florida’s 3 calls in 24 hours, the Sunday and holiday bans of AL, LA, MS, RI and UT — and need the company setting marketingCalls.
                             * @example collection
                             */
                            purpose: "collection" | "servicing" | "verification" | "marketing";
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/compliance/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * May this call be placed at this instant — and if not, when?
         * @description Checks a proposed AI-voice collection call against every rule Callwise knows: calling hours (08:00–21:00) in every zone the borrower may be in, consumer-designated inconvenient times, Reg F 7-in-7 (both prongs, per debt), the MA, DC, WA, NYC and WV overlays, the TCPA consent gate and landline cap, the Minnesota, Indiana, Mississippi and Montana artificial-voice statutes, do-not-call, and your company policy (buffers, daily cap, minimum gap, Sundays, federal holidays).
         *
         *     With `customerId`, the stored customer's address, stated zone, number, do-not-call flag, stop reasons and recorded calls are used, and this request's facts are added to them; without it, this request's facts are all there is. The policy is the engine defaults, overridden by your company settings, overridden by `policy`.
         *
         *     The answer lists every failed check with its citation, the candidate zones and jurisdictions used, and the exact earliest lawful instant within 30 days. Nothing is stored but, with an Idempotency-Key, the answer itself. Every invalid field is reported in one 400; send an Idempotency-Key to make retries return the same answer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "at": "2026-12-01T13:00:00Z",
                     *       "loanId": "A",
                     *       "phoneNumber": "+12125550100",
                     *       "lineType": "wireless",
                     *       "tcpaConsent": true,
                     *       "isWorkNumber": false,
                     *       "zipCode": "10001",
                     *       "state": "NY",
                     *       "timezone": "America/New_York",
                     *       "blockedWindows": [
                     *         {
                     *           "start": "08:00",
                     *           "end": "12:00"
                     *         }
                     *       ],
                     *       "history": [
                     *         {
                     *           "at": "2026-11-30T15:00:00Z",
                     *           "direction": "outbound",
                     *           "channel": "call",
                     *           "loanIds": [
                     *             "A"
                     *           ],
                     *           "phoneNumber": "+12125550100",
                     *           "isWorkNumber": false,
                     *           "outcome": "no_answer",
                     *           "consented": false
                     *         }
                     *       ],
                     *       "policy": {
                     *         "callerType": "collector",
                     *         "mode": "strict"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /**
                         * @description The instant the call would start, RFC 3339 with an offset.
                         * @example 2026-12-01T13:00:00Z
                         */
                        at: string;
                        /** @description One of your customers: their address, stated zone, number, do-not-call flag, stop reasons and recorded calls are used, and the facts in this request are added to them. Without it, this request's facts are all there is. */
                        customerId?: string;
                        /** @description The debt the call is about. Without it the customer counts as one debt (every recorded call counts for it). */
                        loanId?: string;
                        /** @description Several debts the call is about (added to loanId): the call counts toward, and must be allowed for, each of them under Reg F 7-in-7 and the per-account caps. */
                        loanIds?: string[];
                        /** @description The call is placed with the consumer's direct prior consent (e.g. a callback they asked for): excluded from Reg F 7-in-7 for the debts the consent covers, until the end of the seventh local day from consentGrantedAt (required with it). Every other rule still applies. */
                        consented?: boolean;
                        /**
                         * @description When the consumer gave that consent (RFC 3339 with an offset), not after `at`. Required with consented: true.
                         * @example 2026-11-30T15:10:00Z
                         */
                        consentGrantedAt?: string;
                        /** @description With consented: the debts the consent covers; the call still counts for the others. Empty or absent: every debt the call is about. */
                        consentLoanIds?: string[];
                        /**
                         * @description The number to dial, any common US form. Default: the stored customer's number. Its area code adds zones and a jurisdiction.
                         * @example +12125550100
                         */
                        phoneNumber?: string;
                        /** @description The line being dialled. Unknown and VoIP lines are treated as wireless: an AI-voice call to them needs prior express consent. Default: your company's defaultLineType (unknown unless changed). */
                        lineType?: "wireless" | "landline" | "voip" | "unknown";
                        /** @description Prior express consent to AI-voice calls to this number. Default: your company's assumeTcpaConsent (true unless changed). */
                        tcpaConsent?: boolean;
                        /** @description The number is a workplace number. Default false. */
                        isWorkNumber?: boolean;
                        /** @description What the call is for. Default: the stored customer's task type's purpose with customerId, else collection. A marketing call is refused unless your company enabled marketing calls, and gets the telemarketing rules: 08:00–21:00 (47 CFR 64.1200(c)(1)), the National Do-Not-Call Registry, and where Florida applies 08:00–20:00 and at most 3 calls in 24 hours, where AL, LA, MS, RI or UT applies no Sundays or holidays. */
                        purpose?: "collection" | "servicing" | "verification" | "marketing";
                        /**
                         * @description Also answer lawfulWindows: every stretch from `at` to this instant (at most 31 days later) in which a call may start, by the same rules and facts. What the console draws as a borrower's lawful time.
                         * @example 2026-12-08T13:00:00Z
                         */
                        windowsUntil?: string;
                        /** @description The number is on the National Do-Not-Call Registry, as you know it (Callwise does not query the registry). Read for marketing calls only: absent is treated as registered, and a registered number is refused unless your company attests a business relationship (businessRelationship). */
                        nationalDncRegistered?: boolean;
                        /**
                         * @description Address ZIP, 5 digits or ZIP+4. Adds every zone the ZIP touches; a well-formed ZIP that no source lists adds none.
                         * @example 10001
                         */
                        zipCode?: string;
                        /**
                         * @description Address state, USPS code, any case. When it disagrees with the ZIP, both states' rules apply.
                         * @example NY
                         */
                        state?: string;
                        /**
                         * @description A stated IANA zone. It is added to the zones of the ZIP and the number, never replaces them.
                         * @example America/New_York
                         */
                        timezone?: string;
                        /** @description Times the consumer said are inconvenient. */
                        blockedWindows?: {
                            /**
                             * @description Local clock time 'HH:MM' (00:00–23:59) at which the inconvenient time begins, inclusive.
                             * @example 08:00
                             */
                            start: string;
                            /**
                             * @description Local clock time 'HH:MM' (00:00–24:00) at which it ends, exclusive. An end before the start wraps past midnight; an end equal to the start blocks the whole day.
                             * @example 12:00
                             */
                            end: string;
                            /** @description The IANA zone the consumer meant. Without it the window applies in every candidate zone. */
                            timezone?: string;
                        }[];
                        /** @description Contacts with the person, added to the stored customer's recorded calls (or, without customerId, the only history). */
                        history?: {
                            /**
                             * @description When the contact happened (or is planned), RFC 3339 with offset.
                             * @example 2026-11-30T15:00:00Z
                             */
                            at: string;
                            /** @description Default outbound. Inbound contacts never count toward call caps, but an inbound conversation starts the 7-day quiet period. */
                            direction?: "outbound" | "inbound";
                            /** @description Default call. Texts and emails count only for the overlays that count them (MA texts, WA and NYC all channels). */
                            channel?: "call" | "sms" | "email";
                            /** @description The debts the contact was about; empty or absent means every debt (the conservative reading). */
                            loanIds?: string[];
                            /** @description The number called (or that called in), any common US form. */
                            phoneNumber?: string;
                            /** @description The number is a workplace number (MA and WA count those separately). */
                            isWorkNumber?: boolean;
                            /** @description What happened. Default conversation, the conservative reading. not_connected calls count toward nothing but the TCPA landline cap and company hygiene rules. */
                            outcome?: "not_connected" | "no_answer" | "voicemail" | "wrong_party" | "conversation";
                            /** @description Placed with the consumer's direct prior consent (e.g. a requested callback): excluded from Reg F 7-in-7 if consentGrantedAt shows it was inside the consent's seven days. Without consentGrantedAt it counts like any other call. */
                            consented?: boolean;
                            /**
                             * @description With consented: when the consumer gave that consent, not after `at`. The exclusion lasts to the end of the seventh local day in every candidate zone, the grant day being day 1 (strict mode: also under 168 hours).
                             * @example 2026-11-30T14:55:00Z
                             */
                            consentGrantedAt?: string;
                            /** @description With consented: the debts the consent covers; the contact still counts for the others. Empty or absent: the debts of loanIds. */
                            consentLoanIds?: string[];
                        }[];
                        /** @description Overrides of your company policy for this check only (engine defaults ← company settings ← these). */
                        policy?: {
                            /** @description Third-party debt collector (FDCPA) or first-party creditor. Default collector. */
                            callerType?: "collector" | "creditor";
                            /** @description Licensed as a Washington collection agency: turns on the WA overlay. Default true. */
                            waLicensed?: boolean;
                            /** @description calendar counts local days only (the legal reading); strict also counts anything less than 168 hours (720 for 30-day caps) old. Default strict. */
                            mode?: "strict" | "calendar";
                            /** @description Refuse calls on Sundays (local date in every candidate zone). Default true. */
                            blockSundays?: boolean;
                            /** @description Refuse calls on US federal holidays and their observed weekdays. Default true. */
                            blockHolidays?: boolean;
                            /** @description Minutes added to the 08:00 start. Default 0. */
                            startBufferMinutes?: number;
                            /** @description Minutes taken off the 21:00 end. Default 10 (no call starts after 20:50). */
                            endBufferMinutes?: number;
                            /** @description Call attempts per person per local day; null for no cap. Default 2. */
                            dailyCapPerPerson?: number | null;
                            /** @description Minimum minutes between two call attempts to the person. Default 120. */
                            minGapMinutes?: number;
                            /** @description Apply Reg F 7-in-7 to a first-party creditor too. Default true; collectors are always bound, and so is a creditor where California or Maryland law holds it to the FDCPA. */
                            regFForCreditors?: boolean;
                            /** @description The call uses an artificial or prerecorded voice (an AI voice does): the Minnesota, Indiana, Mississippi and Montana artificial-voice statutes apply. Default true. */
                            artificialVoice?: boolean;
                            /** @description A live operator opens the call and obtains the consumer's consent before the artificial voice speaks: exempt under those statutes. Default false. */
                            liveOperatorIntro?: boolean;
                            /** @description You have a current business relationship with the consumer (e.g. a creditor and its borrower): exempt in Minnesota and Indiana, and a marketing call may reach a number on the National Do-Not-Call Registry. Default false. */
                            businessRelationship?: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "allowed": false,
                         *       "reasons": [
                         *         {
                         *           "code": "CONSUMER_BLOCKED_TIME",
                         *           "rule": "15 USC 1692c(a)(1); 12 CFR 1006.6(b)(1)(i); comment 6(b)(1)-1",
                         *           "zone": "America/New_York",
                         *           "detail": "It is 08:00 in America/New_York, inside the consumer's inconvenient time 08:00–12:00."
                         *         }
                         *       ],
                         *       "candidateZones": [
                         *         "America/New_York"
                         *       ],
                         *       "jurisdictions": [
                         *         "NY",
                         *         "NYC"
                         *       ],
                         *       "nextAllowedAt": "2026-12-01T17:00:00.000Z"
                         *     }
                         */
                        "application/json": {
                            /** @description Every rule passes at `at`. */
                            allowed: boolean;
                            /** @description Every failed check (not only the first); empty when allowed. */
                            reasons: {
                                /** @description Stable code, e.g. OUTSIDE_CALLING_HOURS, REG_F_7_IN_7_CALLS, TCPA_NO_CONSENT_WIRELESS (see docs/compliance.md for the list). */
                                code: string;
                                /** @description Citation of the rule, e.g. 12 CFR 1006.14(b)(2)(i)(A). */
                                rule: string;
                                /** @description The candidate zone in which the check failed, when it depends on the zone. */
                                zone?: string;
                                /** @description A sentence a compliance officer can read. */
                                detail: string;
                            }[];
                            /** @description Every IANA zone the borrower may be in: the ZIP's zones, the stated zone and the number's area-code zones. The call must be lawful in all of them. */
                            candidateZones: string[];
                            /** @description State overlays in force: the address state (plus NYC for a New York City ZIP, including ZIPs that cross the city line) and the area code's state (plus NYC for a city-only area code such as 212 or 718). Military postal codes (AA, AE, AP) are not states and never appear. */
                            jurisdictions: string[];
                            /** @description The earliest instant at or after `at` at which every rule passes, within 30 days (equal to `at` when allowed); null when there is none, e.g. do-not-call or no consent. */
                            nextAllowedAt: string | null;
                            /** @description With windowsUntil: the stretches between `at` and windowsUntil in which a call may start, in time order ([from, to): `to` is the first instant it may not). Given the calls already recorded, not the attempts still planned. Empty when none. */
                            lawfulWindows?: {
                                /** Format: date-time */
                                from: string;
                                /** Format: date-time */
                                to: string;
                            }[];
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reference/zip/{zipCode}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Time zones of a ZIP code
         * @description The state, every IANA zone the ZIP may be in, and how sure the data is. A ZIP on a zone line lists every zone it touches; military ZIPs (AA, AE, AP) list none, with confidence none. ZIP+4 is accepted; the answer names the 5-digit ZIP. An unknown ZIP is a 404.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description A 5-digit ZIP, ZIP+4 (12345-6789) or 9 digits.
                     * @example 10001
                     */
                    zipCode: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "zipCode": "86515",
                         *       "state": "AZ",
                         *       "timezones": [
                         *         "America/Denver"
                         *       ],
                         *       "confidence": "high"
                         *     }
                         */
                        "application/json": {
                            /** @description The 5-digit ZIP. */
                            zipCode: string;
                            /** @description USPS code: a state, DC, a territory, or AA/AE/AP for military ZIPs. */
                            state: string | null;
                            /** @description Every IANA zone the ZIP may be in (more than one when it straddles a zone line or the sources disagree); empty for military ZIPs. */
                            timezones: string[];
                            /** @description high: two sources agree (or one agrees with a single-zone state); medium: one source, an area that crosses a zone line (or one within a few km of it), or a reviewed de-facto case; low: the sources disagree and all their zones are listed; none: military, location unknowable. */
                            confidence: "high" | "medium" | "low" | "none";
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reference/area-codes/{areaCode}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Time zones of an area code
         * @description The state and every IANA zone an area code serves (overlays included). Toll-free and other non-geographic codes have no state and no zones, and add nothing to a call's candidate zones. Area codes outside the US (Canada, the Caribbean) and codes not in service are a 404.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description A 3-digit NANP area code (first digit 2–9).
                     * @example 212
                     */
                    areaCode: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "areaCode": "907",
                         *       "state": "AK",
                         *       "timezones": [
                         *         "America/Anchorage",
                         *         "America/Juneau",
                         *         "America/Adak"
                         *       ],
                         *       "geographic": true
                         *     }
                         */
                        "application/json": {
                            areaCode: string;
                            /** @description USPS code of the state or territory the area code serves; null for non-geographic codes. */
                            state: string | null;
                            /** @description Every IANA zone the area code's exchanges are in; empty for non-geographic codes. */
                            timezones: string[];
                            /** @description False for toll-free (8XX), personal (5XX), premium (900) and service codes: they say nothing about where the consumer is. */
                            geographic: boolean;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{id}/loans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A customer's loans
         * @description Loans imported from your LMS (sync: true, or the LMS webhooks) with balance, amount due, days past due, next due date and status, and loan ids you sent without an import (source reference, no figures). Amounts are integer cents.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Your customer id, percent-encoded (/, ? and # included). */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Loan"][];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/lms/sync/customer-full": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-sync one customer and all their loans from your LMS
         * @description Reads the customer and every loan from your company's LMS and stores them: loans are upserted, values the LMS supplied are refreshed (values you sent yourself are kept), and the call schedule is rebuilt only if a fact that decides when the customer may be called changed. Safe to call repeatedly. A customer Callwise does not have yet is created when the LMS record is a valid customer and a task type is known (taskType, or your only task type). LMS failures answer like POST /customers with sync: true (404 lms_customer_not_found, 502, 503 with Retry-After, 504) and save nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description The customer's id in your LMS (also their id in Callwise).
                         * @example 12345
                         */
                        customerId: string;
                        /** @description Extension: the task type for a customer Callwise does not have yet. Without it, such a customer is created only when your company has exactly one task type. */
                        taskType?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Always true on 200: a failed sync answers with a problem (4xx/5xx) and saves nothing. */
                            success: boolean;
                            /** @description The LMS the company is configured with: demo, loanpro, fineract or mambu. */
                            lmsType: string;
                            /** @description The customer's id in the LMS (and in Callwise). */
                            customerId: string;
                            /**
                             * Format: uuid
                             * @description A name-based UUID (v5) of company and customer id: the same on every call.
                             */
                            finosuCustomerId: string;
                            loansSynced: number;
                            /** @description Always null on 200. */
                            error: null;
                            loans: {
                                /**
                                 * Format: uuid
                                 * @description Callwise's UUID of the loan (v5 of company and LMS loan id), as documented for this webhook.
                                 */
                                loanId: string;
                                /** @description The LMS loan id as an integer when it is one, else null. */
                                nortridgeAcctrefno: number | null;
                                /** @description The LMS loan id (what GET /customers/{id}/loans calls loanId). */
                                loanExternalReference: string;
                                /** @description Callwise imports balances, not transactions: always 0. */
                                transactionsRows: number;
                                /** @description Always 0 (the amount due is part of the loan figures). */
                                paymentsDueRows: number;
                                /** @description Always 0: payment methods are not imported. */
                                paymentMethodsCreated: number;
                                /** @description Always 0. */
                                paymentMethodsUpdated: number;
                                /** @description Always 0: documents are not imported. */
                                documentRows: number;
                                transactionsError: null;
                                paymentsDueError: null;
                                paymentMethodsError: null;
                                documentsError: null;
                                setupError: null;
                            }[];
                            /** @description Extension: the customer was new to Callwise and was created. */
                            customerCreated: boolean;
                            /** @description Extension: values from the LMS changed the stored customer. */
                            customerUpdated: boolean;
                            /** @description Extension: the customer's call schedule was planned anew (a callable fact changed, or the customer is new). */
                            scheduleRebuilt: boolean;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/lms/sync/loan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sync one loan and the customer it belongs to
         * @description Finds the loan in your LMS, then its primary borrower, and stores both (the same rules as customer-full, for this one loan). For LMSs where a customer lookup does not reveal the loans. 400 lms_unsupported when your LMS cannot find a customer by loan; 404 lms_loan_not_found for an unknown loan.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description The loan id in your LMS; a number or a string.
                         * @example 99001
                         */
                        loanId: string | number;
                        /** @description Extension: the task type for a customer Callwise does not have yet. Without it, such a customer is created only when your company has exactly one task type. */
                        taskType?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Always true on 200: a failed sync answers with a problem (4xx/5xx) and saves nothing. */
                            success: boolean;
                            /** @description The LMS the company is configured with: demo, loanpro, fineract or mambu. */
                            lmsType: string;
                            /** @description The customer's id in the LMS (and in Callwise). */
                            customerId: string;
                            /**
                             * Format: uuid
                             * @description A name-based UUID (v5) of company and customer id: the same on every call.
                             */
                            finosuCustomerId: string;
                            loansSynced: number;
                            /** @description Always null on 200. */
                            error: null;
                            loans: {
                                /**
                                 * Format: uuid
                                 * @description Callwise's UUID of the loan (v5 of company and LMS loan id).
                                 */
                                finosuLoanId: string;
                                /** @description The LMS loan id. */
                                loanId: string;
                            }[];
                            /** @description Extension: the customer was new to Callwise and was created. */
                            customerCreated: boolean;
                            /** @description Extension: values from the LMS changed the stored customer. */
                            customerUpdated: boolean;
                            /** @description Extension: the customer's call schedule was planned anew (a callable fact changed, or the customer is new). */
                            scheduleRebuilt: boolean;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                504: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dispatch/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Claim due calls for your own dialer
         * @description For a company whose dialer is `pull` (callwise dialer configure … pull). Takes up to `limit` due tasks, re-checks each at this instant with the latest customer and call ledger (a task that is not lawful now is moved or skipped with its reason and not returned), and leases the rest to you for `leaseSeconds` with the agent context each call needs. Report every call with POST /dispatch/{taskId}/result (or POST /calls with taskId) before its lease ends; an unreported task returns to the queue. At most one task per customer is out at a time. 409 when the company's calls are placed by a connector.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Most tasks to claim (default 10). */
                        limit?: number;
                        /** @description How long the tasks are yours; report each before then or it returns to the queue (default 300). */
                        leaseSeconds?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tasks: {
                                task: components["schemas"]["Task"];
                                context: components["schemas"]["AgentContext"];
                                leaseUntil: string;
                            }[];
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dispatch/{taskId}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report the call placed for a claimed task
         * @description Records the call exactly as POST /calls does (the ledger, flags, re-planning) and completes the task. The customer and, unless given, the number come from the task. Reporting the same task again returns the call already recorded.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    taskId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description When the call happened (RFC 3339 with offset). Not in the future, not before 2000-01-01T00:00:00Z. */
                        timestamp: string;
                        /** @description Default outbound. Inbound calls do not count toward 7-in-7 but an inbound conversation starts the 7-day quiet period. */
                        direction?: "outbound" | "inbound";
                        /** @description What happened. Without it, the flags decide; with neither, the call counts as a conversation (the conservative reading). An RPC flag always makes it a conversation. */
                        outcome?: "not_connected" | "no_answer" | "voicemail" | "wrong_party" | "conversation";
                        /** @description The debts discussed; empty = every debt of the customer. */
                        loanIds?: (string | number)[];
                        /** @description Placed with the consumer's direct prior consent (e.g. a requested callback): excluded from 7-in-7 when consentGrantedAt shows it was within seven days of the consent. Without consentGrantedAt it counts like any other call. */
                        consented?: boolean;
                        consentGrantedAt?: string | null;
                        /** @description With consented: the debts the consent covers; the call still counts for the others. Empty or absent = the debts of loanIds. */
                        consentLoanIds?: (string | number)[];
                        durationSeconds?: number;
                        transcript?: string;
                        recordingUrl?: string;
                        summarization?: string;
                        callbackAt?: string | null;
                        /** @description Post-call flags: NO_ANSWER, VOICEMAIL, RPC, DNC, ATTORNEY_REP, BANKRUPTCY, DECEASED, DEBT_DISPUTE, FRAUD_CLAIM, WRONG_NUMBER, CALLBACK_REQUEST, … */
                        flags?: string[];
                        /** @description Default: the task's number. */
                        toPhoneNumber?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Call"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dispatch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dialling status
         * @description Whether dialling is paused (since when, by which key), the company's dialer (without credentials), and how many tasks are due and in flight.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The company whose dialling this is (the one your key belongs to). */
                            companyName: string;
                            paused: boolean;
                            pausedAt: string | null;
                            /** @description The API key id (or "cli") that paused dialling. */
                            pausedBy: string | null;
                            /** @description The company's dialer without credentials; null = none (tasks are not dispatched). */
                            dialer: {
                                [key: string]: unknown;
                            } | null;
                            /** @description Scheduled tasks whose time has come. */
                            due: number;
                            /** @description Dispatched tasks awaiting their outcome. */
                            inFlight: number;
                            scheduled: number;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dispatch/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause dialling
         * @description No new call is dialled for the company from the next claim on (within a second); calls already ringing finish and their outcomes are recorded. The key that paused is recorded, and the pause is on the audit trail (dispatch.paused). Idempotent.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The company whose dialling this is (the one your key belongs to). */
                            companyName: string;
                            paused: boolean;
                            pausedAt: string | null;
                            /** @description The API key id (or "cli") that paused dialling. */
                            pausedBy: string | null;
                            /** @description The company's dialer without credentials; null = none (tasks are not dispatched). */
                            dialer: {
                                [key: string]: unknown;
                            } | null;
                            /** @description Scheduled tasks whose time has come. */
                            due: number;
                            /** @description Dispatched tasks awaiting their outcome. */
                            inFlight: number;
                            scheduled: number;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/dispatch/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume dialling
         * @description Due tasks are claimed again, each re-checked at the instant of dialling. On the audit trail (dispatch.resumed). Idempotent.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The company whose dialling this is (the one your key belongs to). */
                            companyName: string;
                            paused: boolean;
                            pausedAt: string | null;
                            /** @description The API key id (or "cli") that paused dialling. */
                            pausedBy: string | null;
                            /** @description The company's dialer without credentials; null = none (tasks are not dispatched). */
                            dialer: {
                                [key: string]: unknown;
                            } | null;
                            /** @description Scheduled tasks whose time has come. */
                            due: number;
                            /** @description Dispatched tasks awaiting their outcome. */
                            inFlight: number;
                            scheduled: number;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/{id}/agent-context": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What an AI agent would be given to call this customer now
         * @description The same object a dispatched call carries: the borrower's name and your externalMetadata, the loans with their figures, the disclosures, when a call now must end by, and the callback rules. Date of birth and SSN last four only when the company turned identity verification on.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What an AI agent needs for one call to the borrower. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AgentContext"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook endpoints */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @example whe_0m3x9f2k1a2b3c4d5e6f7a8b9c0 */
                            id: string;
                            url: string;
                            description: string | null;
                            eventTypes: string[];
                            enabled: boolean;
                            disabledAt: string | null;
                            disabledReason: string | null;
                            failingSince: string | null;
                            previousSecretValidUntil: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Register a webhook endpoint
         * @description Events of the chosen types are POSTed to the URL, signed per the Standard Webhooks specification. The answer carries the signing secret, shown only this once. The URL must be https and resolve to public addresses only (with NODE_ENV=development, http to a loopback address is allowed for trying it out).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description https URL that resolves to public addresses only (http on loopback only with NODE_ENV=development).
                         * @example https://lender.example/callwise
                         */
                        url: string;
                        eventTypes: ("call.completed" | "customer.do_not_call" | "customer.calls_stopped" | "customer.callback_requested" | "customer.consent_changed" | "task.skipped" | "schedule.rebuilt" | "batch.completed")[];
                        description?: string | null;
                        /** @description Deliveries wait while an endpoint is disabled. */
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            endpoint: {
                                /** @example whe_0m3x9f2k1a2b3c4d5e6f7a8b9c0 */
                                id: string;
                                url: string;
                                description: string | null;
                                eventTypes: string[];
                                enabled: boolean;
                                disabledAt: string | null;
                                disabledReason: string | null;
                                failingSince: string | null;
                                previousSecretValidUntil: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                            /**
                             * @description The signing secret (whsec_…). Shown only in this answer: store it now.
                             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                             */
                            secret: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a webhook endpoint */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @example whe_0m3x9f2k1a2b3c4d5e6f7a8b9c0 */
                            id: string;
                            url: string;
                            description: string | null;
                            eventTypes: string[];
                            enabled: boolean;
                            disabledAt: string | null;
                            disabledReason: string | null;
                            failingSince: string | null;
                            previousSecretValidUntil: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove a webhook endpoint */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed, with its deliveries. */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a webhook endpoint
         * @description Any of url, eventTypes, description, enabled. Enabling a disabled endpoint sends what waited for it.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description https URL that resolves to public addresses only (http on loopback only with NODE_ENV=development).
                         * @example https://lender.example/callwise
                         */
                        url?: string;
                        eventTypes?: ("call.completed" | "customer.do_not_call" | "customer.calls_stopped" | "customer.callback_requested" | "customer.consent_changed" | "task.skipped" | "schedule.rebuilt" | "batch.completed")[];
                        description?: string | null;
                        /** @description Deliveries wait while an endpoint is disabled. */
                        enabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @example whe_0m3x9f2k1a2b3c4d5e6f7a8b9c0 */
                            id: string;
                            url: string;
                            description: string | null;
                            eventTypes: string[];
                            enabled: boolean;
                            disabledAt: string | null;
                            disabledReason: string | null;
                            failingSince: string | null;
                            previousSecretValidUntil: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/webhook-endpoints/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an endpoint's secret
         * @description A new secret, shown only in this answer. For 24 hours every delivery carries a signature under each secret, so the receiver can switch without losing any.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            endpoint: {
                                /** @example whe_0m3x9f2k1a2b3c4d5e6f7a8b9c0 */
                                id: string;
                                url: string;
                                description: string | null;
                                eventTypes: string[];
                                enabled: boolean;
                                disabledAt: string | null;
                                disabledReason: string | null;
                                failingSince: string | null;
                                previousSecretValidUntil: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                            /**
                             * @description The signing secret (whsec_…). Shown only in this answer: store it now.
                             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                             */
                            secret: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-endpoints/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An endpoint's delivery log
         * @description Newest event first, each with every attempt: when, the status code, the latency and a fixed error text. Never a body.
         */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "delivered" | "failed";
                    /** @description nextCursor of the previous page. */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description Also the webhook-id header of every attempt. */
                                eventId: string;
                                type: string;
                                customerId: string | null;
                                status: "pending" | "delivered" | "failed";
                                attempts: number;
                                nextAttemptAt: string | null;
                                deliveredAt: string | null;
                                log: {
                                    attempt: number;
                                    /** Format: date-time */
                                    at: string;
                                    statusCode: number | null;
                                    latencyMs: number;
                                    error: string | null;
                                }[];
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhook-endpoints/{id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send events to an endpoint again
         * @description One event, or every event of a time range (at most 31 days) of a type the endpoint subscribes to. Each is sent with its original webhook-id.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description One event (eventId), or every event of a time range of at most 31 days (since, until). */
            requestBody: {
                content: {
                    "application/json": {
                        eventId?: string;
                        /** Format: date-time */
                        since?: string;
                        /** Format: date-time */
                        until?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Deliveries queued again (or for the first time). */
                            queued: number;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create customers in bulk (asynchronous)
         * @description Accepts up to 10,000 customers (16 MiB) and answers 202 with a job id at once. The job validates every item exactly as POST /customers would, then creates the valid ones with their schedules in chunks; each item succeeds or fails on its own. Poll GET /customers/batch/{jobId}; a batch.completed webhook tells you when it is done. With an Idempotency-Key, sending the same batch again returns the same job; without one, items whose id already exists fail as existing, so no customer is ever duplicated.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description 1 to 10000 customers. Each is validated and created independently: one bad item never fails the others. */
                        customers: unknown[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description A UUID. */
                            jobId: string;
                            totalCustomers: number;
                            message: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/batch/{jobId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A batch job: its state, counts, and each item’s result
         * @description Results are paged in item order: pass nextCursor as cursor. A successful item carries the customer as stored; a failed one its message and field errors.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobId: string;
                            /** @description queued → validating (every item checked, nothing written) → in_progress (written in chunks) → completed | completed_with_errors; failed; cancelled. */
                            status: "queued" | "validating" | "in_progress" | "completed" | "completed_with_errors" | "failed" | "cancelled";
                            totalCustomers: number;
                            counts: {
                                /** @description Items checked so far. */
                                validated: number;
                                /** @description Items that failed validation. */
                                invalid: number;
                                /** @description Items with a result. */
                                processed: number;
                                succeeded: number;
                                /** @description Invalid items, and ids that already existed. */
                                failed: number;
                            };
                            error: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                            /** @description Items with a result, in order, a page at a time. */
                            results: {
                                /** @description The item's position in the request (0-based). */
                                index: number;
                                id: string | null;
                                success: boolean;
                                message: string;
                                customer?: components["schemas"]["Customer"] | null;
                                errors?: {
                                    pointer: string;
                                    detail: string;
                                }[];
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/customers/batch/{jobId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a batch job
         * @description Items without a result are never processed; customers already created stay. 409 when the job has finished.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    jobId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobId: string;
                            /** @description queued → validating (every item checked, nothing written) → in_progress (written in chunks) → completed | completed_with_errors; failed; cancelled. */
                            status: "queued" | "validating" | "in_progress" | "completed" | "completed_with_errors" | "failed" | "cancelled";
                            totalCustomers: number;
                            counts: {
                                /** @description Items checked so far. */
                                validated: number;
                                /** @description Items that failed validation. */
                                invalid: number;
                                /** @description Items with a result. */
                                processed: number;
                                succeeded: number;
                                /** @description Invalid items, and ids that already existed. */
                                failed: number;
                            };
                            error: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                            /** @description Items with a result, in order, a page at a time. */
                            results: {
                                /** @description The item's position in the request (0-based). */
                                index: number;
                                id: string | null;
                                success: boolean;
                                message: string;
                                customer?: components["schemas"]["Customer"] | null;
                                errors?: {
                                    pointer: string;
                                    detail: string;
                                }[];
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/scheduled-calls/{customerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a new schedule of a type for a customer
         * @description Makes scheduleType the customer's task type and builds its schedule, retiring the active one (pending attempts are replaced; requested callbacks stay). Answers the planned calls with their times and statuses.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description One of the company's task types (collections, verification, …).
                         * @example collections
                         */
                        scheduleType: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Task"][];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit trail
         * @description Changes made through the API with one of your company's keys — which key, when, what, and the names of the fields changed (never their values) — newest first. Filter by customerId or webhookEndpointId.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only this customer's events. */
                    customerId?: string;
                    /** @description Only this webhook endpoint's events. */
                    webhookEndpointId?: string;
                    /** @description How many, newest first (default 50). */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description When the change was made (RFC 3339, UTC). */
                            at: string;
                            /** @description The API key that made it. */
                            apiKeyId: string;
                            /** @description The key's first characters, as `callwise key list` shows them. */
                            apiKeyPrefix: string | null;
                            /** @description The key's name, if it was given one. */
                            apiKeyName: string | null;
                            /** @description What was done: customer.updated (PATCH /customers/{id}, POST /scheduled-calls/{customerId}), customer.synced (POST /customers/schedule/sync), customer.deleted, schedule.stopped, schedule.resumed, schedule.rebuilt (POST /customers/{id}/schedule/…), call.recorded (POST /calls, POST /dispatch/{taskId}/result), consent.granted, consent.revoked (POST /customers/{id}/consent), dispatch.paused, dispatch.resumed (company-wide: customerId is null), webhook_endpoint.created, webhook_endpoint.updated, webhook_endpoint.secret_rotated, webhook_endpoint.deleted, webhook_endpoint.redelivery_requested (POST/PATCH/DELETE /webhook-endpoints…: webhookEndpointId names the endpoint). */
                            action: string;
                            /** @description The customer changed; null for a change to the whole company (dispatch, webhook endpoints). */
                            customerId: string | null;
                            /** @description The webhook endpoint changed, for a webhook_endpoint action; otherwise null. */
                            webhookEndpointId: string | null;
                            /** @description The fields changed, by name; never their values. */
                            fields: string[];
                        }[];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "call.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A call was recorded (placed by the dispatcher, your dialer, or POST /calls): the call object, with the task it completed and its outcome.
         * @description Signed per the Standard Webhooks specification: headers webhook-id (the event id, the same on every retry: deduplicate by it), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (`v1,` base64 HMAC-SHA256 of `id.timestamp.body` under the endpoint secret; two signatures for 24 hours after a rotation). Answer 2xx within 15 s; anything else is retried with backoff for about three days; 410 disables the endpoint.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "type": "call.completed",
                     *       "timestamp": "2026-12-02T18:04:12.000Z",
                     *       "data": {
                     *         "id": "call_0m3x9f2k1a2b3c4d5e6f7a8b9c0",
                     *         "customerId": "cust-1042",
                     *         "toPhoneNumber": "+14155550100",
                     *         "timestamp": "2026-12-02T18:04:11.000Z",
                     *         "direction": "outbound",
                     *         "outcome": "conversation",
                     *         "loanIds": [],
                     *         "flags": [
                     *           "LIVE_CONNECT",
                     *           "RPC",
                     *           "CALLBACK_REQUEST"
                     *         ],
                     *         "durationSeconds": 184,
                     *         "transcript": "Agent: …\nCustomer: …",
                     *         "recordingUrl": "https://recordings.example/abc.mp3",
                     *         "summarization": "The borrower asked to be called back on Friday morning.",
                     *         "callbackAt": "2026-12-04T17:00:00.000Z",
                     *         "taskId": "task_0m3x9e1a2b3c4d5e6f7a8b9c0d1"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        type: "call.completed";
                        /**
                         * Format: date-time
                         * @description When the change happened (ISO 8601).
                         */
                        timestamp: string;
                        data: components["schemas"]["Call"];
                    };
                };
            };
            responses: {
                /** @description Received. Any other answer, or none within 15 s, is retried. */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "customer.do_not_call": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The customer was marked do-not-call: by a call (a DNC flag), through the API, or by your LMS. Every pending task is cancelled.
         * @description Signed per the Standard Webhooks specification: headers webhook-id (the event id, the same on every retry: deduplicate by it), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (`v1,` base64 HMAC-SHA256 of `id.timestamp.body` under the endpoint secret; two signatures for 24 hours after a rotation). Answer 2xx within 15 s; anything else is retried with backoff for about three days; 410 disables the endpoint.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "type": "customer.do_not_call",
                     *       "timestamp": "2026-12-02T18:04:12.000Z",
                     *       "data": {
                     *         "customerId": "cust-1042",
                     *         "source": "call",
                     *         "callId": "call_0m3x9f2k1a2b3c4d5e6f7a8b9c0",
                     *         "at": "2026-12-02T18:04:12.000Z"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        type: "customer.do_not_call";
                        /**
                         * Format: date-time
                         * @description When the change happened (ISO 8601).
                         */
                        timestamp: string;
                        data: {
                            customerId: string;
                            source: "call" | "api" | "lms";
                            /** @description The call that carried the request, when a call did. */
                            callId?: string;
                            /**
                             * Format: date-time
                             * @description When it was recorded.
                             */
                            at: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Received. Any other answer, or none within 15 s, is retried. */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "customer.calls_stopped": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A call reported a reason to stop calling (attorney, bankruptcy, dispute, fraud claim, death…): the schedule is stopped.
         * @description Signed per the Standard Webhooks specification: headers webhook-id (the event id, the same on every retry: deduplicate by it), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (`v1,` base64 HMAC-SHA256 of `id.timestamp.body` under the endpoint secret; two signatures for 24 hours after a rotation). Answer 2xx within 15 s; anything else is retried with backoff for about three days; 410 disables the endpoint.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "type": "customer.calls_stopped",
                     *       "timestamp": "2026-12-02T18:04:12.000Z",
                     *       "data": {
                     *         "customerId": "cust-1042",
                     *         "reason": "ATTORNEY_REP",
                     *         "detail": "ATTORNEY_REP reported on call call_0m3x9f2k1a2b3c4d5e6f7a8b9c0",
                     *         "callId": "call_0m3x9f2k1a2b3c4d5e6f7a8b9c0",
                     *         "stoppedAt": "2026-12-02T18:04:12.000Z",
                     *         "tasksCancelled": 4
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        type: "customer.calls_stopped";
                        /**
                         * Format: date-time
                         * @description When the change happened (ISO 8601).
                         */
                        timestamp: string;
                        data: {
                            customerId: string;
                            /** @description The flag: ATTORNEY_REP, BANKRUPTCY, DEBT_DISPUTE, FRAUD_CLAIM, DECEASED… */
                            reason: string;
                            detail: string;
                            callId: string;
                            /**
                             * Format: date-time
                             * @description When calls stopped.
                             */
                            stoppedAt: string;
                            tasksCancelled: number;
                        };
                    };
                };
            };
            responses: {
                /** @description Received. Any other answer, or none within 15 s, is retried. */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "customer.callback_requested": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A call recorded a callback request: the callback task placed for it (null when no lawful time was left in the week after the requested time).
         * @description Signed per the Standard Webhooks specification: headers webhook-id (the event id, the same on every retry: deduplicate by it), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (`v1,` base64 HMAC-SHA256 of `id.timestamp.body` under the endpoint secret; two signatures for 24 hours after a rotation). Answer 2xx within 15 s; anything else is retried with backoff for about three days; 410 disables the endpoint.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "type": "customer.callback_requested",
                     *       "timestamp": "2026-12-02T18:04:12.000Z",
                     *       "data": {
                     *         "customerId": "cust-1042",
                     *         "callId": "call_0m3x9f2k1a2b3c4d5e6f7a8b9c0",
                     *         "requestedFor": "2026-12-04T17:00:00.000Z",
                     *         "task": {
                     *           "id": "task_0m3xa01a2b3c4d5e6f7a8b9c0d1",
                     *           "scheduledFor": "2026-12-04T17:00:00.000Z",
                     *           "consented": true
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        type: "customer.callback_requested";
                        /**
                         * Format: date-time
                         * @description When the change happened (ISO 8601).
                         */
                        timestamp: string;
                        data: {
                            customerId: string;
                            callId: string;
                            /**
                             * Format: date-time
                             * @description The time the borrower asked for.
                             */
                            requestedFor: string;
                            task: {
                                id: string;
                                /**
                                 * Format: date-time
                                 * @description When the callback is planned.
                                 */
                                scheduledFor: string;
                                consented: boolean;
                            } | null;
                        };
                    };
                };
            };
            responses: {
                /** @description Received. Any other answer, or none within 15 s, is retried. */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "customer.consent_changed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A consent event was recorded in the customer's ledger: a revocation (a call's DNC flag, an opt-out, the API) or a grant with its evidence. `callingStopped` says whether calls to the customer's number are now off because of the consumer's revocation.
         * @description Signed per the Standard Webhooks specification: headers webhook-id (the event id, the same on every retry: deduplicate by it), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (`v1,` base64 HMAC-SHA256 of `id.timestamp.body` under the endpoint secret; two signatures for 24 hours after a rotation). Answer 2xx within 15 s; anything else is retried with backoff for about three days; 410 disables the endpoint.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "type": "customer.consent_changed",
                     *       "timestamp": "2026-12-02T18:04:12.000Z",
                     *       "data": {
                     *         "customerId": "cust-1042",
                     *         "consentEventId": "cns_0m3x9f2k1a2b3c4d5e6f7a8b9c0",
                     *         "kind": "revoked",
                     *         "phoneNumber": null,
                     *         "channel": "call",
                     *         "scopeChannel": "all",
                     *         "scopeLoanId": null,
                     *         "artificialVoice": true,
                     *         "source": "call",
                     *         "callId": "call_0m3x9f2k1a2b3c4d5e6f7a8b9c0",
                     *         "effectiveAt": "2026-12-02T18:04:11.000Z",
                     *         "callingStopped": true,
                     *         "customerExists": true
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        type: "customer.consent_changed";
                        /**
                         * Format: date-time
                         * @description When the change happened (ISO 8601).
                         */
                        timestamp: string;
                        data: {
                            customerId: string;
                            consentEventId: string;
                            kind: "granted" | "revoked";
                            phoneNumber: string | null;
                            /** @description How the consumer gave or revoked it: call, sms, email, mail, web, in_person, other. */
                            channel: string;
                            scopeChannel: "voice" | "sms" | "all";
                            scopeLoanId: string | null;
                            /** @description Whether it covers calls by an artificial or AI voice. */
                            artificialVoice: boolean;
                            /** @description Who reported it: lender, lms, call, inbound_opt_out, api, console. */
                            source: string;
                            callId: string | null;
                            /**
                             * Format: date-time
                             * @description When the consumer gave or revoked it.
                             */
                            effectiveAt: string;
                            /** @description Whether the consumer's revocation now stops calls to the customer's number. */
                            callingStopped: boolean;
                            /** @description False when it was recorded for a deleted customer whose records are kept. */
                            customerExists: boolean;
                        };
                    };
                };
            };
            responses: {
                /** @description Received. Any other answer, or none within 15 s, is retried. */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "task.skipped": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * At the instant of dialling, the re-check found the attempt not lawful: it was moved to the next lawful instant, or skipped; nothing was dialled.
         * @description Signed per the Standard Webhooks specification: headers webhook-id (the event id, the same on every retry: deduplicate by it), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (`v1,` base64 HMAC-SHA256 of `id.timestamp.body` under the endpoint secret; two signatures for 24 hours after a rotation). Answer 2xx within 15 s; anything else is retried with backoff for about three days; 410 disables the endpoint.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "type": "task.skipped",
                     *       "timestamp": "2026-12-02T18:04:12.000Z",
                     *       "data": {
                     *         "customerId": "cust-1042",
                     *         "taskId": "task_0m3x9e1a2b3c4d5e6f7a8b9c0d1",
                     *         "action": "moved",
                     *         "scheduledFor": "2026-12-02T20:55:00.000Z",
                     *         "movedTo": "2026-12-03T16:00:00.000Z",
                     *         "reason": "the call could not end before the calling window closes",
                     *         "reasonCodes": [
                     *           "WINDOW_CLOSES_DURING_CALL"
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        type: "task.skipped";
                        /**
                         * Format: date-time
                         * @description When the change happened (ISO 8601).
                         */
                        timestamp: string;
                        data: {
                            customerId: string;
                            taskId: string;
                            action: "moved" | "skipped";
                            /**
                             * Format: date-time
                             * @description When the attempt was due.
                             */
                            scheduledFor: string;
                            movedTo: string | null;
                            reason: string;
                            reasonCodes: string[];
                        };
                    };
                };
            };
            responses: {
                /** @description Received. Any other answer, or none within 15 s, is retried. */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "schedule.rebuilt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A change to the customer (PATCH, schedule sync, your LMS) replaced the pending plan: the new plan's pending tasks.
         * @description Signed per the Standard Webhooks specification: headers webhook-id (the event id, the same on every retry: deduplicate by it), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (`v1,` base64 HMAC-SHA256 of `id.timestamp.body` under the endpoint secret; two signatures for 24 hours after a rotation). Answer 2xx within 15 s; anything else is retried with backoff for about three days; 410 disables the endpoint.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "type": "schedule.rebuilt",
                     *       "timestamp": "2026-12-02T18:04:12.000Z",
                     *       "data": {
                     *         "customerId": "cust-1042",
                     *         "scheduleCreated": true,
                     *         "tasksCreated": 2,
                     *         "existingTasksRemoved": 3,
                     *         "tasks": [
                     *           {
                     *             "id": "task_0m3xb01a2b3c4d5e6f7a8b9c0d1",
                     *             "kind": "cadence",
                     *             "loanId": null,
                     *             "scheduledFor": "2026-12-03T16:00:00.000Z",
                     *             "status": "scheduled"
                     *           },
                     *           {
                     *             "id": "task_0m3xb01a2b3c4d5e6f7a8b9c0d2",
                     *             "kind": "cadence",
                     *             "loanId": null,
                     *             "scheduledFor": "2026-12-04T19:30:00.000Z",
                     *             "status": "scheduled"
                     *           }
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        type: "schedule.rebuilt";
                        /**
                         * Format: date-time
                         * @description When the change happened (ISO 8601).
                         */
                        timestamp: string;
                        data: {
                            customerId: string;
                            scheduleCreated: boolean;
                            tasksCreated: number;
                            existingTasksRemoved: number;
                            /** @description Why nothing was planned, when nothing was. */
                            reason?: string;
                            tasks: {
                                id: string;
                                kind: string;
                                loanId: string | null;
                                /**
                                 * Format: date-time
                                 * @description When the attempt is planned.
                                 */
                                scheduledFor: string;
                                status: string;
                            }[];
                        };
                    };
                };
            };
            responses: {
                /** @description Received. Any other answer, or none within 15 s, is retried. */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "batch.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A batch job (POST /customers/batch) finished: its counts. Read each item's fate with GET /customers/batch/{jobId}.
         * @description Signed per the Standard Webhooks specification: headers webhook-id (the event id, the same on every retry: deduplicate by it), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (`v1,` base64 HMAC-SHA256 of `id.timestamp.body` under the endpoint secret; two signatures for 24 hours after a rotation). Answer 2xx within 15 s; anything else is retried with backoff for about three days; 410 disables the endpoint.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    /**
                     * @example {
                     *       "type": "batch.completed",
                     *       "timestamp": "2026-12-02T18:04:12.000Z",
                     *       "data": {
                     *         "jobId": "3f1c2a4e-8b7d-4c1e-9a2b-5d6e7f8a9b0c",
                     *         "status": "completed_with_errors",
                     *         "totalCustomers": 1000,
                     *         "counts": {
                     *           "validated": 1000,
                     *           "invalid": 12,
                     *           "processed": 1000,
                     *           "succeeded": 985,
                     *           "failed": 15
                     *         },
                     *         "error": null,
                     *         "createdAt": "2026-12-02T18:00:00.000Z",
                     *         "startedAt": "2026-12-02T18:00:00.120Z",
                     *         "finishedAt": "2026-12-02T18:00:04.800Z"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        type: "batch.completed";
                        /**
                         * Format: date-time
                         * @description When the change happened (ISO 8601).
                         */
                        timestamp: string;
                        data: {
                            jobId: string;
                            status: "completed" | "completed_with_errors";
                            totalCustomers: number;
                            counts: {
                                validated: number;
                                invalid: number;
                                processed: number;
                                succeeded: number;
                                failed: number;
                            };
                            error: string | null;
                            /**
                             * Format: date-time
                             * @description When the job was accepted.
                             */
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                        };
                    };
                };
            };
            responses: {
                /** @description Received. Any other answer, or none within 15 s, is retried. */
                "2XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** @description An RFC 9457 problem (application/problem+json). Some problems add members, e.g. validTaskTypes. */
        Problem: {
            /** @description URI of the problem type. */
            type: string;
            /** @description Short summary of the problem type. */
            title: string;
            /** @description The HTTP status. */
            status: number;
            /** @description What went wrong in this request. */
            detail: string;
            /** @description Stable machine-readable code, e.g. validation_failed, customer_exists. */
            code: string;
            /** @description The request id, also in the X-Request-Id header; quote it to support. */
            requestId: string;
            /** @description Every failing field (validation problems). */
            errors?: {
                /** @description JSON Pointer (RFC 6901) to the failing field, e.g. /phoneNumber. */
                pointer: string;
                /** @description What is wrong with it. */
                detail: string;
            }[];
        } & {
            [key: string]: unknown;
        };
        /** @description A customer: every stored field that has a value. */
        Customer: {
            /**
             * @description Your reference for the customer; it should match your own system's id. Unique within your company. Any characters but control characters; in a path, percent-encode it (encodeURIComponent: ACME/7 is /customers/ACME%2F7). `.` and `..` are refused: no URL can address them.
             * @example CUST-10023
             */
            id: string;
            /**
             * @description The customer's first name.
             * @example Ana
             */
            firstName?: string;
            /**
             * @description The customer's last name.
             * @example Reyes
             */
            lastName?: string;
            /**
             * @description The customer's e-mail address.
             * @example ana.reyes@example.com
             */
            email?: string;
            /**
             * @description Date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900.
             * @example 1985-06-15
             */
            birthday?: string;
            /**
             * @description The last four digits of the SSN, exactly four digits. Encrypted at rest.
             * @example 1234
             */
            ssnLastFour?: string;
            /**
             * @description The customer's IANA time-zone name (America/New_York, America/Chicago; links such as US/Eastern are accepted and stored canonically). Abbreviations (EST), POSIX names (EST5EDT) and offsets are refused. Calls are only placed at lawful local hours.
             * @example America/Los_Angeles
             */
            timezone?: string;
            /**
             * @description The number to call, a US number in any common form ((415) 555-0100, 415.555.0100, +1 415 555 0100). Stored and returned as E.164 (+14155550100). Toll-free and premium numbers are refused.
             * @example +14155550100
             */
            phoneNumber?: string;
            /**
             * @description First line of the street address.
             * @example 123 Main St
             */
            streetAddress1?: string;
            /**
             * @description Second line of the street address, if any.
             * @example Apt 4B
             */
            streetAddress2?: string;
            /**
             * @description City.
             * @example San Francisco
             */
            city?: string;
            /**
             * @description USPS state or territory code (CA, NY, DC, PR, AE…), any case; returned upper-case.
             * @example CA
             */
            state?: string;
            /**
             * @description ZIP code: 5 digits or ZIP+4.
             * @example 94102
             */
            zipCode?: string;
            /** @description Never call this customer. Defaults to false. */
            doNotCall: boolean;
            /** @description Marks a test customer (never called for real; filter with GET /customers?test=true). */
            isTest: boolean;
            /**
             * @description Which kind of call schedule to build for the customer. Valid values are your company's task types (matched case-insensitively); an unknown one is refused with the list of valid ones.
             * @example collections
             */
            taskType: string;
            /**
             * @description Any JSON object of your own (employer, pay schedule, other numbers…), at most 64 KiB; stored and returned exactly as given. Numbers keep the text you sent: 12345678901234567890, 1e400, -0 and 1.0e2 come back as written, never rounded. Any name is kept, __proto__ included; a name given twice in one object is refused (400, with its pointer), as in any body.
             * @example {
             *       "employer_name": "Acme Corporation",
             *       "pay_frequency": "biweekly",
             *       "pay_day": "Friday"
             *     }
             */
            externalMetadata?: {
                [key: string]: unknown;
            };
            /** @description Why calls to this customer stopped: a flag such as ATTORNEY_REP or BANKRUPTCY on a recorded call. Absent while calls may go ahead. */
            stopReason?: string;
            /** @description When an operator stopped the schedule (POST /customers/{id}/schedule/stop): nothing is planned or dialled until it is resumed. Absent while the schedule runs. */
            scheduleStoppedAt?: string;
            /** @description Present while the consumer's own revocation stops AI-voice calls to the customer's number. doNotCall: false (a sync, a PATCH, your LMS) does not clear it: only a newer consent with its evidence, recorded with POST /customers/{id}/consent. */
            callingStopped?: {
                /**
                 * @description The consumer revoked consent to be called (47 CFR 64.1200(a)(10)).
                 * @enum {string}
                 */
                reason: "consent_revoked";
                /** @description When the revocation took effect (RFC 3339, UTC). */
                since: string;
                /**
                 * @description Where the revocation came from (call: a DNC on a recorded call).
                 * @enum {string}
                 */
                source: "lender" | "lms" | "call" | "inbound_opt_out" | "api" | "console";
                /** @description The consent event that stopped calling (GET /customers/{id}/consent). */
                eventId: string;
            };
            /**
             * @description Only on customers created or updated with sync: true. For each stored field, where its value came from: caller (your request), lms (your loan management system) or zip (a timezone derived from the ZIP code). See docs/lms.md.
             * @example {
             *       "firstName": "lms",
             *       "phoneNumber": "caller",
             *       "timezone": "zip"
             *     }
             */
            provenance?: {
                firstName?: "caller" | "lms" | "zip";
                lastName?: "caller" | "lms" | "zip";
                email?: "caller" | "lms" | "zip";
                phoneNumber?: "caller" | "lms" | "zip";
                streetAddress1?: "caller" | "lms" | "zip";
                streetAddress2?: "caller" | "lms" | "zip";
                city?: "caller" | "lms" | "zip";
                state?: "caller" | "lms" | "zip";
                zipCode?: "caller" | "lms" | "zip";
                birthday?: "caller" | "lms" | "zip";
                ssnLastFour?: "caller" | "lms" | "zip";
                timezone?: "caller" | "lms" | "zip";
            };
            /** @description When the customer was created (RFC 3339, UTC). */
            createdAt: string;
            /** @description When the customer last changed (RFC 3339, UTC). */
            updatedAt: string;
        };
        Task: {
            id: string;
            customerId: string;
            /** @description The debt the call is about; null = the customer as one debt. */
            loanId: string | null;
            /** @description The number to dial (E.164). */
            phoneNumber: string;
            /** @description When to place the call (RFC 3339, UTC). */
            scheduledFor: string;
            /** @description The local time of scheduledFor in every candidate zone. */
            localTimes: {
                [key: string]: string;
            };
            /** @description scheduled → dispatched (claimed, re-checked and handed to the dialer) → completed (its call recorded); or cancelled (the plan changed) or skipped (the dial-time re-check found no lawful time left), each with cancelReason. */
            status: "scheduled" | "dispatched" | "completed" | "cancelled" | "skipped";
            /** @description Planned from the cadence, or a callback the consumer asked for. */
            kind: "cadence" | "callback";
            isTest: boolean;
            /** @description Why the attempt is where it is: the preferred local time, whether and why it was moved (each reason with its rule citation), the candidate zones and the jurisdictions in force. */
            explanation: {
                [key: string]: unknown;
            };
            cancelReason?: string;
            /** @description How many times the task was handed to a dialer. */
            attempts: number;
            /** @description Who placed (or is placing) the call: simulator, retell, vapi, twilio or pull. */
            provider?: string;
            providerCallId?: string;
            /** @description While dispatched: when the task is reconciled with its dialer if no outcome has come. */
            leaseUntil?: string;
            /** @description The recorded call that completed the task. */
            callId?: string;
            /** @description The task's events: claimed, re-checked, moved, dialled, refused by the provider, reconciled, completed. */
            life: {
                at: string;
                event: string;
                detail?: string;
            }[];
        };
        Call: {
            id: string;
            customerId: string;
            toPhoneNumber: string;
            timestamp: string;
            direction: string;
            outcome: string;
            loanIds: string[];
            flags: string[];
            durationSeconds?: number;
            transcript?: string;
            recordingUrl?: string;
            summarization?: string;
            callbackAt?: string;
            taskId?: string;
            /**
             * @description Present when the call was placed with the consumer's direct prior consent (a requested callback).
             * @enum {boolean}
             */
            consented?: true;
            /** @description With consented: when the consumer gave that consent, when it is known. */
            consentGrantedAt?: string;
            /** @description With consented: the debts the consent covers, when it names them. */
            consentLoanIds?: string[];
        };
        /** @description One of the customer's loans. */
        Loan: {
            /**
             * @description The loan id in your LMS (the ids you send as loanIds / loanId).
             * @example 70001
             */
            loanId: string;
            /** @description The LMS's human-facing loan number, when it has one (LoanPro displayId, Fineract accountNo). */
            displayId: string | null;
            /** @description lms: imported from your LMS with its figures; reference: an id you sent without an LMS import (no figures). */
            source: "lms" | "reference";
            /** @description The customer's role on the loan: primary, co-borrower or other (null for a reference). */
            role: string | null;
            /** @description pending, active, paid_off, charged_off, closed or other. Delinquency is daysPastDue > 0, not a status. */
            status: string | null;
            /** @description The LMS's own status text. */
            rawStatus: string | null;
            /** @description ISO 4217 currency of the amounts. */
            currency: string | null;
            /** @description Principal outstanding, in cents. */
            balanceCents: number | null;
            /** @description Past-due amount plus the installment due on nextDueDate, in cents. */
            amountDueCents: number | null;
            /** @description Days past due (0 = current). */
            daysPastDue: number | null;
            /** @description YYYY-MM-DD of the next installment; null when nothing more is scheduled. */
            nextDueDate: string | null;
            /** @description YYYY-MM-DD the figures refer to, when the LMS says. */
            asOf: string | null;
            /** @description When Callwise last changed this loan (RFC 3339, UTC); a re-sync with the same figures keeps it. */
            updatedAt: string;
        };
        /** @description What an AI agent needs for one call to the borrower. */
        AgentContext: {
            customer: {
                id: string;
                firstName: string | null;
                lastName: string | null;
                /** @description The number this attempt dials (E.164). */
                phoneNumber: string | null;
                /** @description The zone the plan was made in. */
                timezone: string | null;
                state: string | null;
                /** @description Your own fields as you sent them (employer, pay day, alternate phones…). */
                externalMetadata: unknown;
                /** @description Only when the company turned identity verification on. */
                identity?: {
                    birthday: string | null;
                    ssnLastFour: string | null;
                };
            };
            loans: {
                loanId: string;
                displayId: string | null;
                status: string | null;
                /** @description Decimal string in the loan currency, e.g. "1234.50". */
                balance: string | null;
                amountDue: string | null;
                currency: string | null;
                daysPastDue: number | null;
                /** @description YYYY-MM-DD. */
                nextDueDate: string | null;
            }[];
            /** @description Sentences the call must say. */
            disclosures: string[];
            /** @description When the lawful time ends (the window closes in the earliest candidate zone): the call must be over by then. Null when not callable now. */
            callMustEndBy: {
                at: string;
                local: string;
                zone: string;
            } | null;
            /** @description The longest the call may last: the company's maxCallMinutes, less if lawful time ends sooner. */
            callMaxSeconds: number;
            callbackRules: {
                offer: boolean;
                localHours: string;
                note: string;
            };
            task: {
                id: string;
                kind: string;
                scheduledFor: string;
            } | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
