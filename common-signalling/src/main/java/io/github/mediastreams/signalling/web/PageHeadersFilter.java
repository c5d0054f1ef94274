package io.github.mediastreams.signalling.web;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sets the {@link PageHeadersProperties security headers} on every response before the rest of the chain runs, so
 * that whatever serves it (a page, a static resource, an error page) may still set its own.
 * {@code Strict-Transport-Security} only over HTTPS, as browsers ignore it on plain HTTP.
 */
public class PageHeadersFilter implements Filter {

	private final PageHeadersProperties headers;

	/** @param headers the values to send */
	public PageHeadersFilter(PageHeadersProperties headers) {
		this.headers = headers;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (response instanceof HttpServletResponse http) {
			set(http, "Content-Security-Policy", this.headers.contentSecurityPolicy());
			set(http, "X-Content-Type-Options", this.headers.contentTypeOptions());
			set(http, "Referrer-Policy", this.headers.referrerPolicy());
			set(http, "Permissions-Policy", this.headers.permissionsPolicy());
			if (request.isSecure()) {
				set(http, "Strict-Transport-Security", this.headers.strictTransportSecurity());
			}
		}
		chain.doFilter(request, response);
	}

	private static void set(HttpServletResponse response, String name, String value) {
		if (value != null && !value.isBlank()) {
			response.setHeader(name, value);
		}
	}
}
