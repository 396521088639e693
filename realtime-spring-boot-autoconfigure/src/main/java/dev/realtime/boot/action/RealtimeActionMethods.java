package dev.realtime.boot.action;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.framework.autoproxy.AutoProxyUtils;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.annotation.Order;
import org.springframework.util.function.SingletonSupplier;

/**
 * Finds the bean methods annotated with {@link RealtimeActionMapping}, the way Spring finds
 * {@code @EventListener} methods: once all singletons exist.
 */
public class RealtimeActionMethods {

	// As any bean without an @Order: an unordered method and an unordered action bean of one
	// name are as ambiguous as two unordered methods. Built-in actions yield whatever the order.
	private static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE;

	private final ConfigurableListableBeanFactory beanFactory;

	private final JsonMapper jsonMapper;

	/**
	 * Create a finder.
	 * @param beanFactory the bean factory to search
	 * @param jsonMapper the mapper that writes the methods' return values
	 */
	public RealtimeActionMethods(ConfigurableListableBeanFactory beanFactory, JsonMapper jsonMapper) {
		this.beanFactory = beanFactory;
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Find the annotated methods and return an action for each.
	 * @return the actions
	 * @throws IllegalStateException if an annotated method takes parameters other than a
	 * single {@link RealtimeMessage}, or returns a {@link Future} that is no
	 * {@link CompletionStage}
	 */
	public List<RealtimeAction> find() {
		List<RealtimeAction> actions = new ArrayList<>();
		for (String beanName : this.beanFactory.getBeanNamesForType(Object.class, false, false)) {
			if (ScopedProxyUtils.isScopedTarget(beanName) || (this.beanFactory.containsBeanDefinition(beanName)
					&& this.beanFactory.getBeanDefinition(beanName).isAbstract())) {
				continue;
			}
			Class<?> type = AutoProxyUtils.determineTargetClass(this.beanFactory, beanName);
			if (type == null) {
				continue;
			}
			Map<Method, RealtimeActionMapping> methods = MethodIntrospector.selectMethods(type,
					(MethodIntrospector.MetadataLookup<RealtimeActionMapping>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, RealtimeActionMapping.class));
			Class<?> beanType = this.beanFactory.getType(beanName);
			methods.forEach((method, mapping) -> {
				checkParameters(method);
				checkReturnType(method);
				Order order = AnnotatedElementUtils.findMergedAnnotation(method, Order.class);
				// The method as the bean exposes it: a proxy's (its interface's, for a JDK proxy),
				// as Spring does for @EventListener methods.
				Method invocable = (beanType != null) ? AopUtils.selectInvocableMethod(method, beanType) : method;
				actions.add(new MethodRealtimeAction(mapping.value(), this.beanFactory, beanName, invocable,
						(order != null) ? order.value() : DEFAULT_ORDER, this.jsonMapper));
			});
		}
		return actions;
	}

	/**
	 * Return the order of actions as the bean factory sees them: an action bean's
	 * {@code @Order} may be on its {@code @Bean} method, as for any ordered bean that Spring
	 * injects.
	 * @return a comparator of actions, the bean factory's order first
	 */
	public Comparator<Object> order() {
		// Looked up when first compared, once the actions are resolved: not while the beans
		// that need this comparator are still being made.
		SingletonSupplier<Map<Object, String>> beanNames = SingletonSupplier.of(() -> {
			Map<Object, String> names = new IdentityHashMap<>();
			this.beanFactory.getBeansOfType(RealtimeAction.class, true, false)
				.forEach((beanName, action) -> names.put(action, beanName));
			return names;
		});
		return AnnotationAwareOrderComparator.INSTANCE.withSourceProvider((action) -> {
			String beanName = beanNames.obtain().get(action);
			if (beanName == null || !this.beanFactory.containsBeanDefinition(beanName)) {
				return null;
			}
			return (this.beanFactory.getMergedBeanDefinition(beanName) instanceof RootBeanDefinition definition)
					? definition.getResolvedFactoryMethod() : null;
		});
	}

	// A Future has no way to say when it completes: answering it would hold an action thread
	// on get() for as long as it takes (an @Async method's, two threads). Spring's @Async
	// returns a CompletableFuture when the method declares one.
	private static void checkReturnType(Method method) {
		Class<?> returnType = method.getReturnType();
		if (Future.class.isAssignableFrom(returnType) && !CompletionStage.class.isAssignableFrom(returnType)) {
			throw new IllegalStateException("@RealtimeActionMapping method " + method.toGenericString()
					+ " must return a CompletableFuture (or another CompletionStage) rather than a "
					+ returnType.getName() + ": a Future cannot be answered without an action thread waiting on it");
		}
	}

	private static void checkParameters(Method method) {
		Class<?>[] parameters = method.getParameterTypes();
		if (parameters.length > 1 || (parameters.length == 1 && parameters[0] != RealtimeMessage.class)) {
			throw new IllegalStateException("@RealtimeActionMapping method " + method.toGenericString()
					+ " must take no parameter or a single RealtimeMessage");
		}
	}

}
