/**
 * The application: main, launch options, bean wiring, secrets, settings, live reload, the demo and the simulators.
 * May use every room.
 */
package org.tmapiroutes.app;
