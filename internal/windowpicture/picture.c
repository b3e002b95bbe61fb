//go:build linux && cgo && (desktop || dev)

// The picture over the window (see doc.go). Everything here runs on GTK's main thread:
// the exported calls only schedule work on it with g_idle_add, which is thread-safe. The
// state is one picture for the process's one window, so it lives in these statics.
#include <string.h>
#include <gtk/gtk.h>
#include <webkit2/webkit2.h>
#include "picture.h"

extern void trueupPictureCaptured(uintptr_t handle, unsigned char *pixels, int width, int height, int stride, int scale, int dark, char *err);

static cairo_surface_t *picture = NULL; // the picture while it is shown
static int picture_scale = 1;
static int picture_dark = 0;
static GtkWidget *pictured = NULL;      // the window it is painted over
static GtkWidget *pictured_view = NULL; // and its web view, whose clicks drop it
static gulong handlers[2], view_handler = 0;
static guint deadline = 0;
static int attach_tries = 0;
static int hidden = 0;                  // Hide came first: a picture still waiting for the window is not shown

static GtkWidget *find_web_view(GtkWidget *w) {
	if (WEBKIT_IS_WEB_VIEW(w))
		return w;
	if (!GTK_IS_CONTAINER(w))
		return NULL;
	GtkWidget *found = NULL;
	GList *children = gtk_container_get_children(GTK_CONTAINER(w));
	for (GList *l = children; l && !found; l = l->next)
		found = find_web_view(GTK_WIDGET(l->data));
	g_list_free(children);
	return found;
}

// The toplevel window that holds the web view (Wails makes exactly one).
static GtkWidget *main_window(GtkWidget **view) {
	GtkWidget *found = NULL;
	GList *tops = gtk_window_list_toplevels();
	for (GList *l = tops; l && !found; l = l->next) {
		GtkWidget *v = find_web_view(GTK_WIDGET(l->data));
		if (v) {
			found = GTK_WIDGET(l->data);
			*view = v;
		}
	}
	g_list_free(tops);
	return found;
}

// Whether the desktop asks for a dark theme, as WebKitGTK reads it for prefers-color-scheme.
static int prefers_dark(void) {
	GtkSettings *s = gtk_settings_get_default();
	if (!s)
		return 0;
	gboolean prefer = FALSE;
	gchar *theme = NULL;
	g_object_get(s, "gtk-application-prefer-dark-theme", &prefer, "gtk-theme-name", &theme, NULL);
	int dark = prefer || (theme && (g_str_has_suffix(theme, "-dark") || g_str_has_suffix(theme, ":dark")));
	g_free(theme);
	return dark;
}

static gboolean drop(gpointer unused) {
	(void)unused;
	if (deadline) {
		g_source_remove(deadline);
		deadline = 0;
	}
	if (pictured_view) {
		if (view_handler)
			g_signal_handler_disconnect(pictured_view, view_handler);
		view_handler = 0;
		g_object_unref(pictured_view);
		pictured_view = NULL;
	}
	if (pictured) {
		for (int i = 0; i < 2; i++)
			if (handlers[i])
				g_signal_handler_disconnect(pictured, handlers[i]);
		memset(handlers, 0, sizeof handlers);
		gtk_widget_queue_draw(pictured);
		g_object_unref(pictured);
		pictured = NULL;
	}
	if (picture) {
		cairo_surface_destroy(picture);
		picture = NULL;
	}
	return G_SOURCE_REMOVE;
}

static gboolean on_deadline(gpointer unused) {
	deadline = 0;
	return drop(unused);
}

// After the window and its web view have drawn: the picture on top, where the web view is,
// when it is exactly the web view's size at the window's scale and the desktop's theme is the
// one it was taken with (otherwise it is not the screen the page will paint; the window can
// start at another size and be fitted to the screen a few frames later, so a picture that
// does not fit yet is kept for when it does).
static gboolean on_draw(GtkWidget *window, cairo_t *cr, gpointer unused) {
	(void)unused;
	GtkWidget *view = picture ? find_web_view(window) : NULL;
	if (!view)
		return FALSE;
	int scale = gtk_widget_get_scale_factor(window);
	int w = gtk_widget_get_allocated_width(view), h = gtk_widget_get_allocated_height(view);
	if (scale != picture_scale || prefers_dark() != picture_dark ||
	    cairo_image_surface_get_width(picture) != w * scale || cairo_image_surface_get_height(picture) != h * scale)
		return FALSE;
	int x = 0, y = 0;
	gtk_widget_translate_coordinates(view, window, 0, 0, &x, &y);
	cairo_save(cr);
	cairo_surface_set_device_scale(picture, scale, scale);
	cairo_set_source_surface(cr, picture, x, y);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
	cairo_restore(cr);
	return FALSE;
}

// A key or a click is for the live screen: the picture goes at once.
static gboolean on_input(GtkWidget *w, GdkEvent *e, gpointer unused) {
	(void)w, (void)e;
	drop(unused);
	return FALSE;
}

typedef struct {
	cairo_surface_t *surface;
	int max_ms;
} attach_args;

// Waits for the window (the main loop may run before Wails has made it), then paints over it.
static gboolean attach(gpointer data) {
	attach_args *a = data;
	GtkWidget *view = NULL;
	GtkWidget *window = hidden ? NULL : main_window(&view);
	if (!window && !hidden) {
		if (++attach_tries < 400) {
			g_timeout_add(5, attach, a);
			return G_SOURCE_REMOVE;
		}
	}
	if (!window) {
		cairo_surface_destroy(a->surface);
		g_free(a);
		return G_SOURCE_REMOVE;
	}
	drop(NULL);
	picture = a->surface;
	pictured = g_object_ref(window);
	pictured_view = g_object_ref(view);
	handlers[0] = g_signal_connect_after(window, "draw", G_CALLBACK(on_draw), NULL);
	handlers[1] = g_signal_connect(window, "key-press-event", G_CALLBACK(on_input), NULL);
	// Ahead of WebKit's own handler, which keeps the click from reaching the window.
	view_handler = g_signal_connect(view, "button-press-event", G_CALLBACK(on_input), NULL);
	deadline = g_timeout_add(a->max_ms, on_deadline, NULL);
	gtk_widget_queue_draw(window);
	g_free(a);
	return G_SOURCE_REMOVE;
}

typedef struct {
	const unsigned char *data;
	size_t len, off;
} png_reader;

static cairo_status_t read_png(void *closure, unsigned char *out, unsigned int n) {
	png_reader *r = closure;
	if (r->off + n > r->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(out, r->data + r->off, n);
	r->off += n;
	return CAIRO_STATUS_SUCCESS;
}

void trueup_picture_show(unsigned char *png, int len, int scale, int dark, int max_ms) {
	png_reader r = {png, (size_t)len, 0};
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_png, &r);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return;
	}
	picture_scale = scale > 0 ? scale : 1;
	picture_dark = dark;
	attach_args *a = g_new0(attach_args, 1);
	a->surface = s;
	a->max_ms = max_ms;
	// Ahead of GDK's events and redraws: the first frame of the window already has it.
	g_idle_add_full(G_PRIORITY_HIGH, attach, a, NULL);
}

static gboolean hide(gpointer unused) {
	hidden = 1;
	return drop(unused);
}

void trueup_picture_hide(void) {
	g_idle_add_full(G_PRIORITY_HIGH, hide, NULL, NULL);
}

// The snapshot as the view's pixels, handed to Go, which encodes the PNG off this thread.
static void captured(GObject *source, GAsyncResult *res, gpointer data) {
	uintptr_t handle = (uintptr_t)data;
	GError *err = NULL;
	cairo_surface_t *s = webkit_web_view_get_snapshot_finish(WEBKIT_WEB_VIEW(source), res, &err);
	if (!s) {
		trueupPictureCaptured(handle, NULL, 0, 0, 0, 0, 0, err ? err->message : "no snapshot");
		if (err)
			g_error_free(err);
		return;
	}
	GtkWidget *view = GTK_WIDGET(source);
	int scale = gtk_widget_get_scale_factor(view);
	// The snapshot may be any kind of surface: copy it into an image of the view's pixels.
	int w = gtk_widget_get_allocated_width(view) * scale, h = gtk_widget_get_allocated_height(view) * scale;
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	cairo_t *cr = cairo_create(img);
	// One pixel of the snapshot to one pixel of the image, whatever its device scale.
	double sx = 1, sy = 1;
	cairo_surface_get_device_scale(s, &sx, &sy);
	cairo_scale(cr, sx, sy);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	cairo_surface_flush(img);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS)
		trueupPictureCaptured(handle, NULL, 0, 0, 0, 0, 0, (char *)cairo_status_to_string(cairo_surface_status(img)));
	else
		trueupPictureCaptured(handle, cairo_image_surface_get_data(img), w, h, cairo_image_surface_get_stride(img), scale, prefers_dark(), NULL);
	cairo_surface_destroy(img);
}

static gboolean start_capture(gpointer data) {
	GtkWidget *view = NULL;
	if (!main_window(&view) || !view) {
		trueupPictureCaptured((uintptr_t)data, NULL, 0, 0, 0, 0, 0, "no window");
		return G_SOURCE_REMOVE;
	}
	webkit_web_view_get_snapshot(WEBKIT_WEB_VIEW(view), WEBKIT_SNAPSHOT_REGION_VISIBLE, WEBKIT_SNAPSHOT_OPTIONS_NONE, NULL, captured, data);
	return G_SOURCE_REMOVE;
}

void trueup_picture_capture(uintptr_t handle) {
	g_idle_add(start_capture, (gpointer)handle);
}
